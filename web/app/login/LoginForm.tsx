"use client";

import { useState, type FormEvent } from "react";
import { TRPCClientError } from "@trpc/client";
import { safeNextPath, trpc } from "../../lib/trpc";
import styles from "./login.module.css";

// Log in; when the account still has its one-time password (first admin, new users), change it
// before going on. Errors shown are the server's allow-listed messages.

function message(err: unknown): string {
  if (err instanceof TRPCClientError) {
    const code = (err.data as { code?: string } | undefined)?.code;
    if (code === "UNAUTHORIZED") return "用户名或密码错误 Invalid username or password";
    if (code === "TOO_MANY_REQUESTS") return `尝试过多，请稍后再试 ${err.message}`;
    if (code === "BAD_REQUEST") return "请检查输入（新密码至少 10 个字符）Check the input (new password: 10+ characters)";
    return err.message;
  }
  return "无法连接服务器 Cannot reach the server";
}

export function LoginForm({ next }: { next: string | null }) {
  const [stage, setStage] = useState<"login" | "change">("login");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const proceed = () => window.location.assign(safeNextPath(next));

  async function onLogin(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = await trpc().auth.login.mutate({ username, password });
      if (user.mustChangePassword) setStage("change");
      else proceed();
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  }

  async function onChange(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await trpc().auth.changePassword.mutate({ currentPassword: password, newPassword });
      proceed();
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className={styles.page}>
      <form className={styles.card} onSubmit={stage === "login" ? onLogin : onChange} data-testid="login-form">
        <h1 className={styles.title}>CampusTwin 校园安防数字孪生</h1>
        {stage === "login" ? (
          <>
            <label className={styles.label}>
              用户名 Username
              <input className={styles.input} name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
            </label>
            <label className={styles.label}>
              密码 Password
              <input className={styles.input} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
            </label>
          </>
        ) : (
          <label className={styles.label}>
            请设置新密码（一次性密码须更换）New password
            <input className={styles.input} name="newPassword" type="password" autoComplete="new-password" minLength={10} required value={newPassword} onChange={(e) => setNewPassword(e.target.value)} />
          </label>
        )}
        {error && <p className={styles.error} role="alert">{error}</p>}
        <button className={styles.button} type="submit" disabled={busy} data-testid="login-submit">
          {stage === "login" ? "登录 Log in" : "更改密码 Change password"}
        </button>
      </form>
    </main>
  );
}
