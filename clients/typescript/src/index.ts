// The Engram API client: everything generated from openapi/engram.json, plus a configuration helper.
export * from './generated';
import { Configuration } from './generated';

/** A configuration that calls the gateway at `baseUrl` with an API key (`egk_<id>_<secret>`). */
export function engramConfiguration(baseUrl: string, apiKey: string): Configuration {
  return new Configuration({ basePath: baseUrl.replace(/\/$/, ''), accessToken: apiKey });
}
