import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { ScreenDrillBanner } from "../components/replay/ScreenDrillBanner";
import "./globals.css";

export const metadata: Metadata = {
  title: "CampusTwin 校园安防数字孪生",
  description: "校园安防数字孪生三维态势感知平台",
};

export const viewport: Viewport = { themeColor: "#070d18", colorScheme: "dark" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="zh-CN">
      <body>
        <ScreenDrillBanner />
        {children}
      </body>
    </html>
  );
}
