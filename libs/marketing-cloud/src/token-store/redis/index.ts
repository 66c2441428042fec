// nestjs-marketing-cloud/redis-token-store: one access token for every instance, in Redis
// (optional peer ioredis). Pass it as MarketingCloudModule's `tokenStore` option.

export {
  REDIS_TOKEN_STORE_DEFAULTS,
  RedisTokenStore,
  type RedisTokenStoreOptions,
} from './redis-token-store.js';
