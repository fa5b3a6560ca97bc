// 405 for a known path asked with a method it does not take: the caller learns the path is right and what to
// use instead (`Allow`), where a 404 would send them looking for a typo.

/** A Hono route pattern ("/v1/sites/:site/config", "/ort/*") as a regular expression over the whole path. */
function patternOf(path: string): RegExp {
  const source = path
    .split('/')
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')))
    .join('/');
  return new RegExp(`^${source}$`);
}

/**
 * The methods some route answers at `path` (HEAD wherever GET is), or an empty list when no route has the path.
 * Middleware (method ALL) does not count: it answers nothing by itself.
 * @example allowedMethods(app.routes, '/v1/admin/sites/demo/publish') // ['POST']
 */
export function allowedMethods(routes: readonly { method: string; path: string }[], path: string): string[] {
  const methods = new Set<string>();
  for (const route of routes) if (route.method !== 'ALL' && patternOf(route.path).test(path)) methods.add(route.method);
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
