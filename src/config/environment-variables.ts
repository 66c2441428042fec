import { MARKETING_CLOUD_ENV_VARIABLES } from './marketing-cloud-env.js';
import { SERVER_LIMIT_ENV_VARIABLES } from './server-limits.js';

/** Every environment variable the sample app reads, each documented in .env.example and the README. */
export const ENVIRONMENT_VARIABLES = [
  ...MARKETING_CLOUD_ENV_VARIABLES,
  ...SERVER_LIMIT_ENV_VARIABLES,
  'PORT',
] as const;
