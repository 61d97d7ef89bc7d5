/**
 * @module The create body of a replacement container: the old inspect minus the old image's
 * defaults (so the new image's defaults apply), with its host config, networks, static IPs,
 * user-set MACs and anonymous volumes kept. Pure.
 */
import type {
  ContainerConfig,
  ContainerCreateBody,
  ContainerInspect,
  EndpointSettings,
  HealthConfig,
  HostConfig,
  ImageInspect,
} from "../docker/types.ts";
import { shortId } from "../util/image-reference.ts";

export interface RecreateOptions {
  /** The reference to create from (the tag, not the image ID). */
  imageRef: string;
  /** Negotiated engine API version, e.g. "1.47". */
  apiVersion: string;
  /** Resolved network mode (`container:<name>` rather than an ID). */
  networkMode: string;
  /**
   * Leave MemorySwappiness out (`--disable-memory-swappiness`, as beatkind/watchtower sets it to
   * nil): Podman rejects the value Docker reports for containers created without one.
   */
  disableMemorySwappiness?: boolean;
}

export interface RecreatePlan {
  body: ContainerCreateBody;
  /** Networks to connect after create (engines before API 1.44 accept one endpoint at create). */
  connectAfter: { network: string; endpoint: EndpointSettings }[];
}

const ANONYMOUS_VOLUME = /^[0-9a-f]{64}$/;

export function apiAtLeast(version: string, wanted: string): boolean {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const [wantMajor = 0, wantMinor = 0] = wanted.split(".").map(Number);
  return major !== wantMajor ? major > wantMajor : minor >= wantMinor;
}

function sameArray(a: readonly string[] | null | undefined, b: readonly string[] | null | undefined) {
  const left = a ?? [];
  const right = b ?? [];
  return left.length === right.length && left.every((value, index) => value === right[index]);
}

function withoutKeys<T>(
  own: Record<string, T> | null | undefined,
  image: Record<string, T> | null | undefined,
) {
  const result: Record<string, T> = {};
  for (const [key, value] of Object.entries(own ?? {})) if (!(key in (image ?? {}))) result[key] = value;
  return result;
}

function healthcheck(own: HealthConfig | null | undefined, image: HealthConfig | null | undefined) {
  if (own === null || own === undefined) return undefined;
  if (image === null || image === undefined) return own;
  const fields = ["Interval", "Timeout", "Retries", "StartPeriod", "StartInterval"];
  const result: HealthConfig = Object.fromEntries(
    Object.entries(own).filter(([key, value]) => !(fields.includes(key) && value === image[key])),
  );
  if (sameArray(own.Test, image.Test)) delete result.Test;
  return Object.keys(result).length === 0 ? undefined : result;
}

function hasUtsMode(old: ContainerInspect): boolean {
  const mode = old.HostConfig.UTSMode;
  return typeof mode === "string" && mode !== "";
}

/** The container's Config minus the image's defaults. */
export function createConfig(
  old: ContainerInspect,
  image: ImageInspect | undefined,
  options: RecreateOptions,
) {
  const own = old.Config;
  const defaults: ContainerConfig = image?.Config ?? {};
  const config: ContainerConfig = { ...own, Image: options.imageRef };
  if (own.WorkingDir === defaults.WorkingDir) delete config.WorkingDir;
  if (own.User === defaults.User) delete config.User;
  if (options.networkMode.startsWith("container:") || own.Hostname === shortId(old.Id) || hasUtsMode(old)) {
    delete config.Hostname;
    delete config.Domainname;
  }
  if (sameArray(own.Entrypoint, defaults.Entrypoint)) {
    config.Entrypoint = null;
    if (sameArray(own.Cmd, defaults.Cmd)) config.Cmd = null;
  }
  const health = healthcheck(own.Healthcheck, defaults.Healthcheck);
  if (health === undefined) delete config.Healthcheck;
  else config.Healthcheck = health;
  const imageEnv = new Set(defaults.Env ?? []);
  config.Env = (own.Env ?? []).filter((entry) => !imageEnv.has(entry));
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(own.Labels ?? {})) {
    if (defaults.Labels?.[key] !== value || key === "com.centurylinklabs.watchtower") labels[key] = value;
  }
  config.Labels = labels;
  config.Volumes = withoutKeys(own.Volumes, defaults.Volumes);
  const exposed = withoutKeys(own.ExposedPorts, defaults.ExposedPorts);
  for (const port of Object.keys(old.HostConfig.PortBindings ?? {})) exposed[port] = {};
  config.ExposedPorts = exposed;
  // Config.MacAddress holds only what the user asked for at create, in any range (02:42: too); from
  // API 1.44 the engine wants it on the endpoint instead (see recreatePlan).
  if ((own.MacAddress ?? "") === "" || apiAtLeast(options.apiVersion, "1.44")) delete config.MacAddress;
  return config;
}

/** HostConfig with links as `name:alias` and anonymous volumes re-attached at their paths. */
export function createHostConfig(old: ContainerInspect, options: RecreateOptions): HostConfig {
  const host: HostConfig = { ...old.HostConfig, NetworkMode: options.networkMode };
  if (host.Links) {
    host.Links = host.Links.map((link) => {
      const [name = "", alias = ""] = link.split(":");
      return `${name.replace(/^\//, "")}:${alias.slice(alias.lastIndexOf("/") + 1)}`;
    });
  }
  const anonymous = new Map(
    old.Mounts.filter((mount) => mount.Type === "volume" && ANONYMOUS_VOLUME.test(mount.Name ?? "")).map(
      (mount) => [mount.Destination, mount] as const,
    ),
  );
  // `--mount type=volume,target=/x` without a source is anonymous too: point it at the same volume.
  const mounts = (host.Mounts ?? []).map((mount) => {
    const volume = anonymous.get(mount.Target);
    const source = mount.Source ?? "";
    return mount.Type === "volume" && source === "" && volume?.Name !== undefined
      ? { ...mount, Source: volume.Name }
      : mount;
  });
  const taken = new Set(mounts.map((mount) => mount.Target));
  for (const bind of host.Binds ?? []) taken.add(bind.split(":")[1] ?? "");
  for (const [destination, mount] of anonymous) {
    if (taken.has(destination) || mount.Name === undefined) continue;
    mounts.push({ Type: "volume", Source: mount.Name, Target: destination, ReadOnly: mount.RW === false });
    taken.add(destination);
  }
  if (mounts.length > 0) host.Mounts = mounts;
  if (options.disableMemorySwappiness === true) delete host.MemorySwappiness;
  return host;
}

/**
 * The MACs the user configured, lowercased: Config.MacAddress (the create request's, never one the
 * engine assigned), and every endpoint's MAC of a container that never started (before its first
 * start an endpoint's MacAddress is the configured one; afterwards it is what the engine assigned).
 * Never decided from the address itself: a user may pick any range, Docker's own 02:42: included.
 */
export function configuredMacs(old: ContainerInspect): Set<string> {
  const macs = new Set<string>();
  const own = old.Config.MacAddress ?? "";
  if (own !== "") macs.add(own.toLowerCase());
  if (old.State.Status === "created") {
    for (const settings of Object.values(old.NetworkSettings.Networks ?? {})) {
      const mac = settings.MacAddress ?? "";
      if (mac !== "") macs.add(mac.toLowerCase());
    }
  }
  return macs;
}

function endpointFor(
  settings: EndpointSettings,
  ownShortId: string,
  userMacs: ReadonlySet<string>,
  withMac: boolean,
) {
  const endpoint: EndpointSettings = {};
  if (settings.IPAMConfig) endpoint.IPAMConfig = settings.IPAMConfig;
  const aliases = (settings.Aliases ?? []).filter((alias) => alias !== ownShortId);
  if (aliases.length > 0) endpoint.Aliases = aliases;
  if (settings.Links && settings.Links.length > 0) endpoint.Links = settings.Links;
  if (settings.DriverOpts) endpoint.DriverOpts = settings.DriverOpts;
  const mac = settings.MacAddress ?? "";
  if (withMac && mac !== "" && userMacs.has(mac.toLowerCase())) endpoint.MacAddress = mac;
  return endpoint;
}

export function recreatePlan(
  old: ContainerInspect,
  image: ImageInspect | undefined,
  options: RecreateOptions,
): RecreatePlan {
  const config = createConfig(old, image, options);
  const hostConfig = createHostConfig(old, options);
  const mounted = new Set((hostConfig.Mounts ?? []).map((mount) => mount.Target));
  config.Volumes = Object.fromEntries(
    Object.entries(config.Volumes ?? {}).filter(([path]) => !mounted.has(path)),
  );
  const body: ContainerCreateBody = { ...config, HostConfig: hostConfig };
  const mode = options.networkMode;
  if (mode.startsWith("container:")) return { body, connectAfter: [] };
  const modern = apiAtLeast(options.apiVersion, "1.44");
  const userMacs = configuredMacs(old);
  const entries = Object.entries(old.NetworkSettings.Networks ?? {}).map(
    ([network, settings]) =>
      [network, endpointFor(settings, shortId(old.Id), userMacs, modern)] as [string, EndpointSettings],
  );
  if (mode === "host" || mode === "none") {
    body.NetworkingConfig = { EndpointsConfig: { [mode]: {} } };
    return { body, connectAfter: [] };
  }
  if (modern) {
    body.NetworkingConfig = { EndpointsConfig: Object.fromEntries(entries) };
    return { body, connectAfter: [] };
  }
  const first = entries.find(([network]) => network === mode) ?? entries[0];
  if (first === undefined) return { body, connectAfter: [] };
  body.NetworkingConfig = { EndpointsConfig: { [first[0]]: first[1] } };
  const connectAfter = entries
    .filter(([network]) => network !== first[0])
    .map(([network, endpoint]) => ({ network, endpoint }));
  return { body, connectAfter };
}
