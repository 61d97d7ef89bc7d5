import { describe, expect, it } from "vitest";
import { DEFAULT_NOTIFY_OPTIONS } from "../../test/support/notify-options.ts";
import { ConfigError, HelpRequested } from "./errors.ts";
import { parseConfig } from "./parse.ts";
import type { FileDeps } from "./secrets.ts";
import type { Config } from "./types.ts";

const noFiles: FileDeps = {
  readFile: () => {
    throw new Error("no files in this test");
  },
  fileExists: () => false,
};

function parse(argv: string[], env: Record<string, string> = {}): Config {
  return parseConfig(argv, env, noFiles).config;
}

function fails(argv: string[], env: Record<string, string> = {}): ConfigError {
  try {
    parseConfig(argv, env, noFiles);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("defaults", () => {
  it("gives Watchtower's defaults with no flags and no env", () => {
    const config = parse([]);
    const notify: Record<string, unknown> = {};
    for (const key of Object.keys(DEFAULT_NOTIFY_OPTIONS)) notify[key] = config[key as keyof Config];
    expect(notify).toEqual(DEFAULT_NOTIFY_OPTIONS);
    expect(config).toMatchObject({
      names: [],
      host: "unix:///var/run/docker.sock",
      apiVersion: undefined,
      interval: 86400,
      schedule: "@every 86400s",
      stopTimeout: 10_000,
      logFormat: "auto",
      logLevel: "info",
      warnOnHeadFailure: "auto",
      porcelain: "",
      httpApiPort: 8080,
      registryConcurrency: 16,
      dockerConfig: "/",
      repoUser: undefined,
      repoPass: undefined,
      tz: undefined,
      noColor: false,
      healthCheck: false,
    });
  });
});

describe("precedence", () => {
  it.each([
    { argv: [], env: {}, expected: 86400 },
    { argv: [], env: { WATCHTOWER_POLL_INTERVAL: "60" }, expected: 60 },
    { argv: ["--interval", "30"], env: { WATCHTOWER_POLL_INTERVAL: "60" }, expected: 30 },
    { argv: ["-i", "30"], env: {}, expected: 30 },
    { argv: ["-i30"], env: {}, expected: 30 },
    { argv: ["-i=30"], env: {}, expected: 30 },
    { argv: ["--interval=30", "--interval=40"], env: {}, expected: 40 },
    { argv: [], env: { WATCHTOWER_POLL_INTERVAL: "" }, expected: 86400 },
  ])("interval from $argv and $env is $expected", ({ argv, env, expected }) => {
    expect(parse(argv, env).interval).toBe(expected);
  });

  it.each([
    { argv: [], env: { WATCHTOWER_CLEANUP: "true" }, expected: true },
    { argv: ["--cleanup=false"], env: { WATCHTOWER_CLEANUP: "true" }, expected: false },
    { argv: ["--cleanup"], env: { WATCHTOWER_CLEANUP: "false" }, expected: true },
    { argv: ["-c"], env: {}, expected: true },
  ])("cleanup from $argv and $env is $expected", ({ argv, env, expected }) => {
    expect(parse(argv, env).cleanup).toBe(expected);
  });

  it("reads the env names that differ from the flag names", () => {
    const config = parse([], {
      WATCHTOWER_LIFECYCLE_HOOKS: "1",
      WATCHTOWER_NOTIFICATION_MSTEAMS_HOOK_URL: "https://teams.example/hook",
      WATCHTOWER_NOTIFICATION_MSTEAMS_USE_LOG_DATA: "true",
      DOCKER_HOST: "tcp://127.0.0.1:2375",
      DOCKER_TLS_VERIFY: "1",
      DOCKER_API_VERSION: "1.44",
      DOCKER_CERT_PATH: "/certs",
      WATCHTOWER_TIMEOUT: "45",
      BOSUN_REGISTRY_CONCURRENCY: "3",
      BOSUN_INSECURE_REGISTRY: "true",
      REPO_USER: "me",
      REPO_PASS: "pw",
      DOCKER_CONFIG: "/cfg",
      TZ: "Europe/Amsterdam",
    });
    expect(config).toMatchObject({
      enableLifecycleHooks: true,
      notificationMsteamsHook: "https://teams.example/hook",
      notificationMsteamsData: true,
      host: "tcp://127.0.0.1:2375",
      tlsverify: true,
      apiVersion: "1.44",
      certPath: "/certs",
      stopTimeout: 45_000,
      registryConcurrency: 3,
      insecureRegistry: true,
      repoUser: "me",
      repoPass: "pw",
      dockerConfig: "/cfg",
      tz: "Europe/Amsterdam",
    });
  });

  it("groups short bool flags and takes positional names", () => {
    const config = parse(["-cRS", "web", "--monitor-only", "db", "--", "--not-a-flag"]);
    expect(config).toMatchObject({ cleanup: true, runOnce: true, includeStopped: true, monitorOnly: true });
    expect(config.names).toEqual(["web", "db", "--not-a-flag"]);
  });

  it.each<[string[], string, string[]]>([
    [["notify-upgrade"], "notify-upgrade", []],
    [["--notifications", "slack", "notify-upgrade"], "notify-upgrade", []],
    [["web", "notify-upgrade"], "update", ["web", "notify-upgrade"]],
    [["web"], "update", ["web"]],
  ])("argv %j is the %s command with names %j", (argv, command, names) => {
    const config = parse(argv);
    expect(config.command).toBe(command);
    expect(config.names).toEqual(names);
  });

  it.each<[Record<string, string>, Pick<Config, "httpProxy" | "httpsProxy" | "noProxy">]>([
    [{}, { httpProxy: undefined, httpsProxy: undefined, noProxy: undefined }],
    [
      { HTTP_PROXY: "http://proxy:3128", HTTPS_PROXY: "proxy:3129", NO_PROXY: ".corp,registry.local" },
      { httpProxy: "http://proxy:3128", httpsProxy: "proxy:3129", noProxy: ".corp,registry.local" },
    ],
    [
      { http_proxy: "http://lower:1", https_proxy: "http://lower:2", no_proxy: "x" },
      { httpProxy: "http://lower:1", httpsProxy: "http://lower:2", noProxy: "x" },
    ],
    [
      {
        HTTP_PROXY: "http://upper:1",
        http_proxy: "http://lower:1",
        HTTPS_PROXY: "",
        https_proxy: "http://lower:2",
      },
      { httpProxy: "http://upper:1", httpsProxy: "http://lower:2", noProxy: undefined },
    ],
  ])("proxy env %j", (env, expected) => {
    expect(parse([], env)).toMatchObject(expected);
  });

  it.each([
    ["HTTP_PROXY", "http://user:s3cret@[bad"],
    ["HTTPS_PROXY", "socks5://user:s3cret@proxy:1080"],
  ])("%s that is not an http(s) proxy URL is a startup error that hides the value", (name, value) => {
    const error = fails([], { [name]: value });
    expect(error.message).toContain(name);
    expect(error.message).not.toContain("s3cret");
  });

  it("--notification-template-file replaces --notification-template with the file's content", () => {
    const template = "{{range .}}{{.Message}}\n{{end}}";
    const files: FileDeps = {
      readFile: (path) => {
        if (path === "/etc/bosun/report.tmpl") return template;
        throw new Error("ENOENT");
      },
      fileExists: (path) => path === "/etc/bosun/report.tmpl",
    };
    const { config } = parseConfig(
      ["--notification-template", "default"],
      { WATCHTOWER_NOTIFICATION_TEMPLATE_FILE: "/etc/bosun/report.tmpl" },
      files,
    );
    expect(config.notificationTemplate).toBe(template);
    // An empty file, as an empty --notification-template, is no template: the default one.
    const empty: FileDeps = { readFile: () => "", fileExists: () => true };
    const fromEmpty = parseConfig(
      ["--notification-template", "default", "--notification-template-file", "/e"],
      {},
      empty,
    );
    expect(fromEmpty.config.notificationTemplate).toBeUndefined();
    expect(fails(["--notification-template-file", "/missing.tmpl"]).message).toContain(
      'Cannot read the file "/missing.tmpl" given for --notification-template-file',
    );
  });

  it("NO_COLOR and DOCKER_TLS_VERIFY count when not empty, whatever their value", () => {
    expect(parse([], { NO_COLOR: "" }).noColor).toBe(false);
    expect(parse([], { NO_COLOR: "false" }).noColor).toBe(true);
    expect(parse([], { DOCKER_TLS_VERIFY: "0" }).tlsverify).toBe(true);
    expect(parse([], { DOCKER_TLS_VERIFY: "" }).tlsverify).toBe(false);
    expect(parse(["--tlsverify=false"], { DOCKER_TLS_VERIFY: "1" }).tlsverify).toBe(false);
    expect(parse(["--no-color"]).noColor).toBe(true);
    expect(parse([]).noColor).toBe(false);
  });

  it("--health-check is a bool flag", () => {
    expect(parse(["--health-check"]).healthCheck).toBe(true);
  });
});

describe("registry settings under the fork's WATCHTOWER_* names", () => {
  it.each<[Record<string, string>, string, boolean]>([
    [{ WATCHTOWER_REGISTRY_CA: "/a.pem", WATCHTOWER_INSECURE_REGISTRY: "true" }, "/a.pem", true],
    [{ BOSUN_REGISTRY_CA: "/b.pem", BOSUN_INSECURE_REGISTRY: "true" }, "/b.pem", true],
    [{ WATCHTOWER_REGISTRY_CA: "/a.pem", BOSUN_REGISTRY_CA: "/b.pem" }, "/a.pem", false],
    [{ WATCHTOWER_REGISTRY_CA: "", BOSUN_REGISTRY_CA: "/b.pem" }, "/b.pem", false],
  ])("%j", (env, ca, insecure) => {
    const { config, warnings } = parseConfig([], { ...env, WATCHTOWER_REGISTRY_CA_VALIDATE: "1" }, noFiles);
    expect(config).toMatchObject({ registryCa: ca, insecureRegistry: insecure, registryCaValidate: true });
    expect(warnings).toEqual([]);
  });
});

describe("booleans", () => {
  it.each(["1", "t", "T", "TRUE", "true", "True"])("%s is true", (spelling) => {
    expect(parse([], { WATCHTOWER_NO_PULL: spelling }).noPull).toBe(true);
    expect(parse([`--no-pull=${spelling}`]).noPull).toBe(true);
  });
  it.each(["0", "f", "F", "FALSE", "false", "False"])("%s is false", (spelling) => {
    expect(parse(["--no-pull"], {}).noPull).toBe(true);
    expect(parse([], { WATCHTOWER_NO_PULL: spelling }).noPull).toBe(false);
    expect(parse([`--no-pull=${spelling}`]).noPull).toBe(false);
  });
  it.each(["yes", "no", "on", "tRUE", " true"])(
    "env %j reads as false, as viper, with a warning naming the variable and the value",
    (spelling) => {
      const { config, warnings } = parseConfig([], { WATCHTOWER_NO_PULL: spelling }, noFiles);
      expect(config.noPull).toBe(false);
      expect(warnings).toEqual([
        `env WATCHTOWER_NO_PULL (flag --no-pull) is "${spelling}", not a boolean (1, t, T, TRUE, true, True, 0, f, F, FALSE, false or False): read as false, as Watchtower does`,
      ]);
    },
  );
  it.each(["yes", "on", "tRUE"])("flag --no-pull=%s stays an error, as pflag", (spelling) => {
    const error = fails([`--no-pull=${spelling}`]);
    expect(error.message).toContain("--no-pull");
    expect(error.code).toBe("CONFIG");
  });
  it("a bad flag value names the flag", () => {
    expect(fails(["--cleanup=maybe"]).message).toContain("flag --cleanup");
  });
});

describe("durations", () => {
  it.each([
    ["30", 30_000],
    ["1m30s", 90_000],
    ["500ms", 500],
    ["1h", 3_600_000],
    ["0", 0],
    ["1.5s", 1500],
  ])("WATCHTOWER_TIMEOUT=%s is %d ms", (text, ms) => {
    expect(parse([], { WATCHTOWER_TIMEOUT: text }).stopTimeout).toBe(ms);
    expect(parse(["--stop-timeout", text]).stopTimeout).toBe(ms);
  });
  it.each(["-1s", "-5", "abc", "10x", "1m30"])("%s is fatal", (text) => {
    const error = fails(["-t", text]);
    expect(error.message).toContain("--stop-timeout");
    expect(error.message).toContain(`"${text}"`);
  });
});

describe("ints and enums", () => {
  it.each([
    [["--http-api-port", "0"], "--http-api-port"],
    [["--http-api-port", "65536"], "--http-api-port"],
    [["--http-api-port", "http"], "--http-api-port"],
    [["--registry-concurrency", "0"], "--registry-concurrency"],
    [["--interval", "1.5"], "--interval"],
    [["--log-level", "verbose"], "--log-level"],
    [["--log-format", "xml"], "--log-format"],
    [["--porcelain", "v2"], "--porcelain"],
    [["--notifications-level", "loud"], "--notifications-level"],
  ])("%j is fatal", (argv, flag) => {
    expect(fails(argv).message).toContain(flag);
  });
  it.each<[string[], Record<string, string>, string]>([
    [["--warn-on-head-failure", "sometimes"], {}, 'flag --warn-on-head-failure is "sometimes"'],
    [
      [],
      { WATCHTOWER_WARN_ON_HEAD_FAILURE: "yes" },
      'env WATCHTOWER_WARN_ON_HEAD_FAILURE (flag --warn-on-head-failure) is "yes"',
    ],
  ])("%j %j: an unknown head-failure setting is auto with a warning, as Watchtower", (argv, env, named) => {
    const { config, warnings } = parseConfig(argv, env, noFiles);
    expect(config.warnOnHeadFailure).toBe("auto");
    expect(warnings).toEqual([`${named}, not one of always, auto, never: read as auto, as Watchtower does`]);
  });
  it.each<[string[], Record<string, string>, number]>([
    [["--interval", "030"], {}, 24],
    [["--interval=0x10"], {}, 16],
    [[], { WATCHTOWER_POLL_INTERVAL: "030" }, 24],
    [[], { WATCHTOWER_POLL_INTERVAL: "300.0" }, 300],
    [[], { WATCHTOWER_POLL_INTERVAL: " 300 " }, 300],
  ])("ints as Go reads them: %j %j is %d", (argv, env, expected) => {
    expect(parse(argv, env).interval).toBe(expected);
  });
  it("an env int that does not parse reads as 0, as viper, with a warning", () => {
    const { config, warnings } = parseConfig([], { WATCHTOWER_NOTIFICATIONS_DELAY: "soon" }, noFiles);
    expect(config.notificationsDelay).toBe(0);
    expect(warnings).toEqual([
      'env WATCHTOWER_NOTIFICATIONS_DELAY (flag --notifications-delay) is "soon", not an integer: read as 0, as Watchtower does',
    ]);
    expect(fails([], { WATCHTOWER_HTTP_API_PORT: "http" }).message).toContain("WATCHTOWER_HTTP_API_PORT");
    expect(fails(["--notifications-delay", "soon"]).message).toContain("--notifications-delay");
  });
  it("log format is case-insensitive and an empty head-failure setting means auto", () => {
    expect(parse(["--log-format", "JSON"]).logFormat).toBe("json");
    expect(parse(["--warn-on-head-failure="]).warnOnHeadFailure).toBe("auto");
    expect(parse([], { WATCHTOWER_WARN_ON_HEAD_FAILURE: "never" }).warnOnHeadFailure).toBe("never");
  });
  it.each([
    [[], "info"],
    [["--debug"], "debug"],
    [["--trace"], "trace"],
    [["--debug", "--trace"], "trace"],
    [["--log-level", "warn", "-d"], "debug"],
    [["--log-level", "Error"], "error"],
  ])("%j gives log level %s", (argv, level) => {
    expect(parse(argv).logLevel).toBe(level);
  });
});

describe("lists", () => {
  it.each([
    [{ WATCHTOWER_DISABLE_CONTAINERS: "a,b c, d" }, ["a", "b", "c", "d"]],
    [{ WATCHTOWER_DISABLE_CONTAINERS: ",," }, []],
  ])("disable-containers from %j", (env, expected) => {
    expect(parse([], env).disableContainers).toEqual(expected);
  });
  it("flags are repeatable and --disable-containers is comma-split; flags replace env", () => {
    const config = parse(["-x", "a,b", "--disable-containers=c"], { WATCHTOWER_DISABLE_CONTAINERS: "z" });
    expect(config.disableContainers).toEqual(["a", "b", "c"]);
  });
  it("notification URLs from env split on whitespace only", () => {
    const env = {
      WATCHTOWER_NOTIFICATION_URL: "generic://h/a?x=1,2 \n slack://t@c",
      WATCHTOWER_NOTIFICATIONS: "email slack",
    };
    const config = parse([], env);
    expect(config.notificationUrl).toEqual(["generic://h/a?x=1,2", "slack://t@c"]);
    expect(config.notifications).toEqual(["email", "slack"]);
  });
  it("--notification-url keeps commas and repeats", () => {
    const config = parse(["--notification-url", "generic://h/?a=1,2", "--notification-url=logger://"]);
    expect(config.notificationUrl).toEqual(["generic://h/?a=1,2", "logger://"]);
  });
});

describe("porcelain", () => {
  it("v1 adds logger:// and the report settings", () => {
    const config = parse(["--porcelain", "v1", "--notification-url", "generic://h/"]);
    expect(config.notificationUrl).toEqual(["generic://h/", "logger://"]);
    expect(config).toMatchObject({
      porcelain: "v1",
      notificationLogStdout: true,
      notificationReport: true,
      notificationTemplate: "porcelain.v1.summary-no-log",
    });
  });
  it("flags win over the alias; as pflag's Changed, env settings do not", () => {
    const config = parse(["-P", "v1", "--notification-report=false"], {
      WATCHTOWER_NOTIFICATION_TEMPLATE: "mine",
    });
    expect(config).toMatchObject({
      notificationReport: false,
      notificationTemplate: "porcelain.v1.summary-no-log",
    });
    expect(parse(["-P", "v1", "--notification-template", "mine"]).notificationTemplate).toBe("mine");
    expect(config.notificationLogStdout).toBe(true);
  });
});

describe("schedule and interval", () => {
  it.each([
    [["--schedule", "0 0 4 * * *"], {}, "0 0 4 * * *"],
    [[], { WATCHTOWER_SCHEDULE: "'@daily'" }, "@daily"],
    [["-s", '"*/5 * * * *"'], {}, "*/5 * * * *"],
    [["-i", "300"], {}, "@every 300s"],
    [[], { WATCHTOWER_POLL_INTERVAL: "60" }, "@every 60s"],
    // Empty, or quotes around nothing: no schedule, so the interval (even a set one) is used.
    [["-s", "", "-i", "60"], {}, "@every 60s"],
    [["-s", '""', "-i", "60"], {}, "@every 60s"],
    [[], { WATCHTOWER_SCHEDULE: "''" }, "@every 86400s"],
  ])("%j %j gives %s", (argv, env, schedule) => {
    expect(parse(argv, env).schedule).toBe(schedule);
  });
  it.each([
    [["-i", "60", "-s", "@daily"], {}],
    [["-i", "86400", "-s", "@daily"], {}],
    [[], { WATCHTOWER_POLL_INTERVAL: "60", WATCHTOWER_SCHEDULE: "0 0 * * * *" }],
  ])("interval %j %j with a schedule is fatal", (argv, env) => {
    expect(fails(argv, env).message).toContain("Only schedule or interval can be defined, not both.");
  });
  it.each<[string[], Record<string, string>]>([
    [["-s", "@daily"], { WATCHTOWER_POLL_INTERVAL: "86400" }],
    [[], { WATCHTOWER_POLL_INTERVAL: "86400", WATCHTOWER_SCHEDULE: "@daily" }],
  ])(
    "env interval 86400 (the default) with a schedule %j %j runs the schedule, as Watchtower",
    (argv, env) => {
      expect(parse(argv, env).schedule).toBe("@daily");
    },
  );
  it("--interval 0 checks every second, as Watchtower, with a warning", () => {
    const { config, warnings } = parseConfig(["--interval", "0"], {}, noFiles);
    expect(config.schedule).toBe("@every 0s");
    expect(warnings).toEqual([
      "--interval (WATCHTOWER_POLL_INTERVAL) is 0: a check runs every second, as Watchtower does",
    ]);
  });
  it("a 5-field schedule gives one warning naming Watchtower's reading", () => {
    const { config, warnings } = parseConfig(["-s", "0 0 4 * *"], {}, noFiles);
    expect(config.schedule).toBe("0 0 4 * *");
    expect(warnings).toEqual([
      'The schedule "0 0 4 * *" has 5 fields: Bosun reads it as standard cron (minute first), i.e. "0 0 0 4 * *" with seconds; Watchtower read the same text with seconds first, as "0 0 4 * * *". Write the 6-field form you mean to silence this warning',
    ]);
    expect(parseConfig(["-s", "0 0 4 * * *"], {}, noFiles).warnings).toEqual([]);
  });
  it.each(["61 * * * * *", "every day", "@every", "@every -1s", "@sometimes", "* * * *"])(
    "bad schedule %j is fatal and named",
    (spec) => {
      expect(fails(["--schedule", spec]).message).toContain(`"${spec}"`);
    },
  );
  it("an unknown TZ is a warning and falls back to the system zone", () => {
    const { config, warnings } = parseConfig([], { TZ: "Nowhere/Atlantis" }, noFiles);
    expect(config.tz).toBeUndefined();
    expect(warnings.join("\n")).toContain("Nowhere/Atlantis");
  });
});

describe("fatal combinations and warnings", () => {
  it.each([
    [["--rolling-restart", "--monitor-only"], {}, "monitor-only"],
    [["--http-api-update"], {}, "api token is empty or has not been set"],
    [["--http-api-metrics"], { WATCHTOWER_HTTP_API_TOKEN: "" }, "api token is empty or has not been set"],
    [["--registry-ca-validate"], {}, "--registry-ca"],
  ])("%j %j is fatal (%s)", (argv, env, text) => {
    expect(fails(argv, env).message).toContain(text);
  });
  it("the API with a token is fine", () => {
    const config = parse(["--http-api-update", "--http-api-token", "s3cret"]);
    expect(config.httpApiToken).toBe("s3cret");
  });
  it.each([
    [["--monitor-only", "--no-pull"], "--no-pull and --monitor-only"],
    [["--trace"], "credentials may appear in the log"],
    [["--rolling-restart", "--update-concurrency", "4"], "--update-concurrency is ignored"],
  ])("%j warns", (argv, text) => {
    const { warnings } = parseConfig(argv, {}, noFiles);
    expect(warnings.join("\n")).toContain(text);
  });
  it("names unknown WATCHTOWER_ variables (a fork's settings, typos), never their values", () => {
    const { warnings } = parseConfig(
      [],
      {
        WATCHTOWER_COOLDOWN_DELAY: "3d",
        WATCHTOWER_CLEANUPP: "s3cret",
        WATCHTOWER_CLEANUP: "true",
        OTHER_VAR: "x",
      },
      noFiles,
    );
    expect(warnings).toEqual([
      "WATCHTOWER_CLEANUPP is not a setting Bosun knows: it is ignored",
      "WATCHTOWER_COOLDOWN_DELAY is not a setting Bosun knows: it is ignored",
    ]);
  });
  it("no warnings by default", () => {
    expect(parseConfig([], {}, noFiles).warnings).toEqual([]);
  });
});

describe("argv errors, help and version", () => {
  it.each([
    [["--no-such-flag"], "--no-such-flag"],
    [["-Z"], "-Z"],
    [["--interval"], "--interval needs a value"],
  ])("%j is a ConfigError naming %s", (argv, text) => {
    expect(fails(argv).message).toContain(text);
  });
  it.each([
    [["--help"], "help"],
    [["-h"], "help"],
    [["help"], "help"],
    [["help", "--cleanup"], "help"],
    [["-c", "--version"], "version"],
  ])("%j throws HelpRequested(%s)", (argv, what) => {
    expect(() => parseConfig(argv, {}, noFiles)).toThrow(HelpRequested);
    try {
      parseConfig(argv, {}, noFiles);
    } catch (error) {
      expect((error as HelpRequested).what).toBe(what);
    }
  });
  it("a secret's bad value is never shown in an error", () => {
    const files: FileDeps = {
      fileExists: () => true,
      readFile: () => {
        throw new Error("EACCES");
      },
    };
    expect(() => parseConfig(["--http-api-token", "/run/secret"], {}, files)).toThrow(/--http-api-token/);
  });
});
