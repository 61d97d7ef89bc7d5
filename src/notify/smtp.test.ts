import type { AddressInfo } from "node:net";
import nodemailer from "nodemailer";
import { pino } from "pino";
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from "smtp-server";
import { afterEach, describe, expect, it } from "vitest";
import { SendError } from "./errors.ts";
import type { ServiceDeps } from "./service.ts";
import { createService } from "./service-registry.ts";
import { systemClock } from "../util/clock.ts";

interface Received {
  from: string;
  to: string[];
  data: string;
  secure: boolean;
  auth?: { method: string; username: string };
}

let server: SMTPServer | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => {
    if (server === undefined) resolve();
    else
      server.close(() => {
        resolve();
      });
  });
  server = undefined;
});

/** A real SMTP server on 127.0.0.1 (smtp-server's built-in localhost certificate for TLS). */
async function startSmtp(options: SMTPServerOptions): Promise<{ port: number; mails: Received[] }> {
  const mails: Received[] = [];
  const auths = new Map<string, { method: string; username: string }>();
  const s = new SMTPServer({
    logger: false,
    ...options,
    onAuth(auth, session, callback) {
      if (auth.username === "bosun" && auth.password === "p@ss:w/rd") {
        auths.set(session.id, { method: auth.method, username: auth.username });
        callback(null, { user: auth.username });
      } else callback(new Error("Invalid username or password"));
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const from = session.envelope.mailFrom;
        const auth = auths.get(session.id);
        mails.push({
          from: from === false ? "" : from.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString("utf8"),
          secure: session.secure,
          ...(auth === undefined ? {} : { auth }),
        });
        callback();
      });
    },
  });
  server = s;
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  return { port: (s.server.address() as AddressInfo).port, mails };
}

const deps: ServiceDeps = {
  logger: pino({ level: "silent" }),
  clock: systemClock,
  logStdout: false,
  stdout: () => undefined,
  // The test server's certificate is self-signed for localhost.
  createMailTransport: (o) => nodemailer.createTransport({ ...o, tls: { rejectUnauthorized: false } }),
};

async function send(
  url: string,
  title: string | undefined = "[prod] Watchtower updates on h1",
): Promise<void> {
  await createService(url, deps).send({ title, body: "2 Scanned, 1 Updated" }, AbortSignal.timeout(10_000));
}

const QUERY = "fromAddress=wt@example.com&toAddresses=ops@example.com,dev@example.com";

describe("smtp service against a real SMTP server", () => {
  it("sends plain text without TLS or auth (the legacy tls-skip-verify URL)", async () => {
    const { port, mails } = await startSmtp({ authOptional: true, disabledCommands: ["STARTTLS", "AUTH"] });
    await send(
      `smtp://127.0.0.1:${String(port)}/?${QUERY}&fromName=Watchtower&auth=None&encryption=None&useStartTLS=No`,
    );
    expect(mails).toHaveLength(1);
    const mail = mails[0];
    expect(mail?.secure).toBe(false);
    expect(mail?.from).toBe("wt@example.com");
    expect(mail?.to).toEqual(["ops@example.com", "dev@example.com"]);
    expect(mail?.data).toMatch(/^From: Watchtower <wt@example\.com>\r$/m);
    expect(mail?.data).toMatch(/^To: ops@example\.com, dev@example\.com\r$/m);
    expect(mail?.data).toMatch(/^Subject: \[prod\] Watchtower updates on h1\r$/m);
    expect(mail?.data).toMatch(/^Content-Type: text\/plain/m);
    expect(mail?.data).toContain("\r\n\r\n2 Scanned, 1 Updated");
  });

  it("reads shoutrrr's aliases: from, to, starttls and title (the form in shoutrrr's email docs)", async () => {
    const { port, mails } = await startSmtp({ authOptional: true });
    await send(
      `smtp://127.0.0.1:${String(port)}/?from=wt@example.com&to=ops@example.com,dev@example.com&starttls=No&title=Custom`,
      undefined,
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]?.secure).toBe(false);
    expect(mails[0]?.from).toBe("wt@example.com");
    expect(mails[0]?.to).toEqual(["ops@example.com", "dev@example.com"]);
    expect(mails[0]?.data).toMatch(/^Subject: Custom\r$/m);
  });

  it("upgrades with STARTTLS when the server offers it (encryption=Auto)", async () => {
    const { port, mails } = await startSmtp({ authOptional: true });
    await send(`smtp://127.0.0.1:${String(port)}/?${QUERY}`);
    expect(mails.map((m) => m.secure)).toEqual([true]);
  });

  it("stays in plain text with useStartTLS=No even when offered", async () => {
    const { port, mails } = await startSmtp({ authOptional: true });
    await send(`smtp://127.0.0.1:${String(port)}/?${QUERY}&useStartTLS=No`);
    expect(mails.map((m) => m.secure)).toEqual([false]);
  });

  it("fails with ExplicitTLS when the server does not offer STARTTLS", async () => {
    const { port, mails } = await startSmtp({ authOptional: true, disabledCommands: ["STARTTLS"] });
    await expect(send(`smtp://127.0.0.1:${String(port)}/?${QUERY}&encryption=ExplicitTLS`)).rejects.toThrow(
      SendError,
    );
    expect(mails).toEqual([]);
  });

  it("uses implicit TLS with encryption=ImplicitTLS", async () => {
    const { port, mails } = await startSmtp({ authOptional: true, secure: true });
    await send(`smtp://127.0.0.1:${String(port)}/?${QUERY}&encryption=ImplicitTLS`);
    expect(mails.map((m) => m.secure)).toEqual([true]);
  });

  it.each([
    ["Plain", "PLAIN"],
    ["Login", "LOGIN"],
  ])("authenticates with auth=%s after STARTTLS", async (auth, method) => {
    const { port, mails } = await startSmtp({ authMethods: ["PLAIN", "LOGIN"] });
    await send(`smtp://bosun:p%40ss%3Aw%2Frd@127.0.0.1:${String(port)}/?${QUERY}&auth=${auth}`);
    expect(mails.map((m) => [m.secure, m.auth])).toEqual([[true, { method, username: "bosun" }]]);
  });

  it("defaults to PLAIN auth when the URL has a user (as the legacy email flags produce)", async () => {
    const { port, mails } = await startSmtp({ authMethods: ["LOGIN", "PLAIN"] });
    await send(`smtp://bosun:p%40ss%3Aw%2Frd@127.0.0.1:${String(port)}/?${QUERY}`);
    expect(mails[0]?.auth).toEqual({ method: "PLAIN", username: "bosun" });
  });

  it("a rejected login is a permanent SendError without the password", async () => {
    const { port, mails } = await startSmtp({ authMethods: ["PLAIN"] });
    let caught: unknown;
    try {
      await send(`smtp://bosun:wrong-secret@127.0.0.1:${String(port)}/?${QUERY}&auth=Plain`);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SendError);
    expect((caught as SendError).retryable).toBe(false);
    expect((caught as SendError).message).not.toContain("wrong-secret");
    expect(mails).toEqual([]);
  });

  it("a refused connection is a retryable SendError", async () => {
    const { port } = await startSmtp({ authOptional: true });
    await new Promise<void>((resolve) =>
      server?.close(() => {
        resolve();
      }),
    );
    server = undefined;
    await expect(send(`smtp://127.0.0.1:${String(port)}/?${QUERY}`)).rejects.toMatchObject({
      retryable: true,
    });
  });

  it("uses the subject parameter over the title, and no subject with skip-title", async () => {
    const { port, mails } = await startSmtp({ authOptional: true });
    await send(`smtp://127.0.0.1:${String(port)}/?${QUERY}&subject=Bosun`);
    await createService(`smtp://127.0.0.1:${String(port)}/?${QUERY}`, deps).send(
      { title: undefined, body: "x" },
      AbortSignal.timeout(10_000),
    );
    expect(mails[0]?.data).toMatch(/^Subject: Bosun\r$/m);
    expect(mails[1]?.data).not.toMatch(/^Subject: .+$/m);
  });

  it.each([
    ["smtp://127.0.0.1/?toAddresses=a@b", "missing fromAddress"],
    ["smtp://127.0.0.1/?fromAddress=a@b", "missing toAddresses"],
    [`smtp://u:secret@127.0.0.1/?${QUERY}&encryption=Magic`, 'unknown encryption "magic"'],
    [`smtp://u:secret@127.0.0.1/?${QUERY}&auth=Kerberos`, 'unknown auth "kerberos"'],
  ])("rejects %s", (url, message) => {
    expect(() => createService(url, deps)).toThrow(message);
    expect(() => createService(url, deps)).not.toThrow("secret");
  });
});
