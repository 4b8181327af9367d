/**
 * A Kafka client on the generated client-direction codecs: connections with ApiVersions
 * negotiation, TLS and SASL (PLAIN, SCRAM-SHA-256/512), cluster metadata, an idempotent
 * producer, and the fetch side downstream mirroring needs.
 *
 * @module
 */
export { Backoff, type BackoffOptions } from "./backoff.ts";
export { type Clock, sleep, systemClock } from "./clock.ts";
export { type ClusterConfig, KafkaCluster, parseHostPort, type PartitionInfo, type TopicInfo } from "./cluster.ts";
export { BrokerConnection, type ConnectionOptions, type RequestOf, type ResponseOf, type TlsSettings } from "./connection.ts";
export { EARLIEST, fetchFrom, type FetchedPartition, LATEST, listOffsets } from "./consumer.ts";
export {
  BrokerConnectionError,
  describeError,
  isRetriableError,
  KafkaResponseError,
  maybeDelivered,
  RequestTimeoutError,
  SaslAuthenticationError,
  UnsupportedApiError,
} from "./errors.ts";
export { IdempotentProducer, partitionKey, type ProducerHooks, type ProducerIdentity, type ProducerOptions } from "./producer.ts";
export type { ProduceAck, ProducerBatch, ProducerRecord } from "./producer_batch.ts";
export { classifyProduceError, type ProduceOutcome } from "./produce_outcome.ts";
export { plainToken, type SaslSettings } from "./sasl/authenticate.ts";
export { ScramClient, type ScramMechanism } from "./sasl/scram.ts";
export { type RateLimiter, TokenBucket } from "./token_bucket.ts";
export { ApiVersionTable, CLIENT_API_RANGES } from "./versions.ts";
