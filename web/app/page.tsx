import { redirect } from "next/navigation";

// The command view is the product's home until the portal grows other entry points.
export default function Home() {
  redirect("/command");
}
