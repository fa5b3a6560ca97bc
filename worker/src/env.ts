// Bindings the worker sees. Generated types (worker-configuration.d.ts, from `npm run types`) cover wrangler.toml;
// secrets are not in wrangler.toml, so ADMIN_TOKEN comes from .dev.vars.example when the types are generated.
export type Bindings = Env;

/** Hono's environment: the bindings and what the auth middleware learned about the caller. */
export interface AppEnv {
  Bindings: Bindings;
  Variables: { actor: string; sites: readonly string[] };
}
