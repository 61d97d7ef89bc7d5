/**
 * @module shoutrrr's SetIcon for slack and mattermost payloads: an icon containing
 * `http(s)://` is a URL, anything else an emoji.
 */
export function iconFields(icon: string): Record<string, string> {
  if (icon === "") return {};
  return /https?:\/\//.test(icon) ? { icon_url: icon } : { icon_emoji: icon };
}
