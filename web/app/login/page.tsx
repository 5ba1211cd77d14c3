import type { Metadata } from "next";
import { LoginForm } from "./LoginForm";

export const metadata: Metadata = { title: "登录 · CampusTwin" };

// /login?next=/command — the one public page. The session is an httpOnly cookie set by
// auth.login; the form never sees the token.
export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  return <LoginForm next={typeof params.next === "string" ? params.next : null} />;
}
