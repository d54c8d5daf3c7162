import { isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import { apiKeyPrefixLength } from '../../sanitize/detect/api-key.js';
import {
  compileAllowList,
  createDetectors,
  findAll,
  resolveOverlaps,
} from '../../sanitize/detect/index.js';
import { maskRange } from '../../sanitize/pseudonymize/format-preserving.js';
import type {
  DetectorName,
  Finding,
  ReplacementMode,
  SanitizeLocation,
  TextSanitizer,
} from '../../sanitize/types.js';
import type { PageSanitizeRules } from '../options.js';

/**
 * Returns `value` masked at the same length: digits become `X`, letters `*`, and separators
 * stay. An API key keeps its public provider prefix (`sk_live_`), as in the sanitizer's mask
 * mode. NOTE: a private key is masked whole, BEGIN and END lines included, because the
 * helper that finds its body lives with the keyed pseudonyms, which need Node's crypto.
 */
export function maskValue(detector: DetectorName, value: string): string {
  if (detector === 'api-key') {
    return maskRange(value, apiKeyPrefixLength(value));
  }
  return maskRange(value);
}

/**
 * Creates the text sanitizer that runs in the page. It finds values with the same detectors
 * as `replaygate sanitize` but has no key, so every finding gets a same-shape mask instead of
 * a pseudonym (or nothing, where a rule's mode is `drop`).
 *
 * @throws TypeError for an unknown phone region; UsageError for a pattern or allow entry
 *   that does not compile.
 */
export function createMaskingSanitizer(rules: PageSanitizeRules = {}): TextSanitizer {
  const region = rules.phoneRegion ?? 'US';
  if (!isSupportedCountry(region)) {
    throw new TypeError(
      `replaygate: options.sanitize.phoneRegion "${region}" is not a known region; use an ISO 3166-1 alpha-2 code such as US, GB or DE.`,
    );
  }
  const detectors = createDetectors(rules, region as CountryCode);
  const isAllowed = compileAllowList(rules.allow);
  const customModes = new Map<string, ReplacementMode>();
  for (const pattern of rules.patterns ?? []) {
    if (pattern.mode !== undefined) {
      customModes.set(`custom:${pattern.name}`, pattern.mode);
    }
  }
  const counts: Record<string, number> = {};

  function modeOf(detector: DetectorName): ReplacementMode | undefined {
    if (detector.startsWith('custom:')) {
      return customModes.get(detector);
    }
    return rules.modes?.[detector as keyof NonNullable<PageSanitizeRules['modes']>];
  }

  function replace(
    detector: DetectorName,
    value: string,
    location: SanitizeLocation,
    mode = modeOf(detector),
  ): string {
    const name = `${detector}/${location}`;
    counts[name] = (counts[name] ?? 0) + 1;
    return mode === 'drop' ? '' : maskValue(detector, value);
  }

  function scan(text: string): Finding[] {
    return resolveOverlaps(findAll(text, detectors)).filter((finding) => !isAllowed(finding.value));
  }

  return {
    counts,
    scan,
    sanitize(text, location) {
      const findings = scan(text);
      if (findings.length === 0) {
        return text;
      }
      let result = '';
      let position = 0;
      for (const finding of findings) {
        result +=
          text.slice(position, finding.start) + replace(finding.detector, finding.value, location);
        position = finding.end;
      }
      return result + text.slice(position);
    },
    replaceWhole(value, detector, location, mode) {
      return replace(detector, value, location, mode ?? modeOf(detector));
    },
  };
}
