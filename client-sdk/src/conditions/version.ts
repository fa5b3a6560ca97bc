// Version strings made comparable as plain strings, so that $vgt and friends order "1.10.0" after "1.9.0".

/**
 * Pads each numeric part of a version to five characters. A leading "v" and build metadata ("+...") are
 * dropped; a release sorts after its pre-releases because "~" sorts after every letter and digit.
 * @example paddedVersion('v1.2.3') === '    1-    2-    3-~'
 */
export function paddedVersion(input: unknown): string {
  const raw = typeof input === 'number' ? String(input) : input;
  const text = raw && typeof raw === 'string' ? raw : '0';
  const parts = text.replace(/(^v|\+.*$)/g, '').split(/[-.]/);
  // Three parts is a release: it must sort after 1.2.3-beta, whose fourth part is a letter or digit.
  if (parts.length === 3) parts.push('~');
  return parts.map((part) => (/^[0-9]+$/.test(part) ? part.padStart(5, ' ') : part)).join('-');
}
