/**
 * @module Which services a session covers, with the container labels' meaning read from the
 * service spec's labels: enable (and --label-enable), scope (and --scope), names as positional
 * arguments (and --disable-containers), monitor-only, and the API's image filter.
 */
import type { ContainerFilter } from "../../container/filter.ts";
import { labelOrFlag, LABELS } from "../../container/labels.ts";
import type { SwarmService } from "../../docker/types.ts";
import { imageMatcher } from "../image-filter.ts";
import { serviceImage } from "./service-image.ts";

export interface SelectOptions {
  filter: ContainerFilter;
  monitorOnly: boolean;
  labelTakePrecedence: boolean;
  /** A targeted run (`/v1/update?image=`): only services following one of these. */
  images?: readonly string[] | undefined;
}

export interface SelectedService {
  service: SwarmService;
  labels: Record<string, string>;
  monitorOnly: boolean;
}

export function serviceLabels(service: SwarmService): Record<string, string> {
  return service.Spec.Labels ?? {};
}

export function selectServices(services: readonly SwarmService[], options: SelectOptions): SelectedService[] {
  const wanted =
    options.images === undefined || options.images.length === 0 ? undefined : imageMatcher(options.images);
  const selected: SelectedService[] = [];
  for (const service of services) {
    // A plugin service has no container image to follow.
    const image = service.Spec.TaskTemplate.ContainerSpec?.Image;
    if (image === undefined) continue;
    const labels = serviceLabels(service);
    // The container filter matches engine names, which start with a slash.
    if (!options.filter.matches({ name: `/${service.Spec.Name}`, labels })) continue;
    if (wanted !== undefined && !wanted(serviceImage(image).ref)) continue;
    const monitorOnly = labelOrFlag(
      labels,
      LABELS.monitorOnly,
      options.monitorOnly,
      options.labelTakePrecedence,
    );
    selected.push({ service, labels, monitorOnly });
  }
  return selected;
}
