import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './app-env';
import { rejectInvalid } from './validation';

/** The app every route registers on: Hono that documents its routes (functions/openapi). */
export type Api = OpenAPIHono<AppEnv>;

export function createApi(): Api {
  return new OpenAPIHono<AppEnv>({ defaultHook: rejectInvalid });
}
