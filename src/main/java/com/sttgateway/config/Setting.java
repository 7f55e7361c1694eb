package com.sttgateway.config;

/**
 * Every setting: its key in {@code conf/gateway.json}, the environment variable that overrides it, its default
 * and its meaning. The README's table and the shipped conf file are checked against this list by a test.
 */
public enum Setting {
  SERVER_HOST("server.host", "GATEWAY_HOST", "0.0.0.0", "Interface the client port binds to."),
  SERVER_PORT("server.port", "GATEWAY_PORT", 8080, "Client port: every Speech to Text route."),
  SERVER_IDLE_TIMEOUT("server.idleTimeoutSeconds", "GATEWAY_IDLE_TIMEOUT_SECONDS", 900,
      "Close a client connection idle this long (0 = never). Long: uploads and sync recognitions are slow."),
  SERVER_MAX_INITIAL_LINE("server.maxInitialLineLength", "GATEWAY_MAX_INITIAL_LINE_LENGTH", 131072,
      "Longest request line accepted, in bytes (query strings of keywords can be long)."),
  SERVER_MAX_HEADER_SIZE("server.maxHeaderSize", "GATEWAY_MAX_HEADER_SIZE", 65536,
      "Largest request header block accepted, in bytes."),
  SERVER_TLS_CERT("server.tls.certPath", "GATEWAY_TLS_CERT_PATH", "",
      "PEM certificate chain for HTTPS/WSS on the client port; with server.tls.keyPath. Empty: plain HTTP."),
  SERVER_TLS_KEY("server.tls.keyPath", "GATEWAY_TLS_KEY_PATH", "",
      "PEM private key (PKCS#8 or PKCS#1) of server.tls.certPath."),
  ADMIN_HOST("admin.host", "GATEWAY_ADMIN_HOST", "127.0.0.1",
      "Interface the admin port binds to; beyond loopback it needs admin.token."),
  ADMIN_PORT("admin.port", "GATEWAY_ADMIN_PORT", 9090, "Admin port: health, the ops API, Prometheus /metrics."),
  ADMIN_TOKEN("admin.token", "GATEWAY_OPS_TOKEN", "",
      "Bearer token every admin path but /health/* requires (secret); empty: open, loopback only."),
  ADMIN_HISTORY_SAMPLE("admin.historySampleMillis", "GATEWAY_ADMIN_HISTORY_SAMPLE_MILLIS", 10000,
      "How often the dashboard's history (GET /ops/history: jobs, submissions, upstream; the last hour) is sampled."),
  ADMIN_TLS_CERT("admin.tls.certPath", "GATEWAY_ADMIN_TLS_CERT_PATH", "",
      "PEM certificate chain for HTTPS on the admin port; with admin.tls.keyPath. Empty: plain HTTP."),
  ADMIN_TLS_KEY("admin.tls.keyPath", "GATEWAY_ADMIN_TLS_KEY_PATH", "",
      "PEM private key of admin.tls.certPath."),
  TLS_RELOAD_SECONDS("tls.reloadIntervalSeconds", "GATEWAY_TLS_RELOAD_INTERVAL_SECONDS", 10,
      "How often the certificate and key files are checked; changed files are served without a restart."),
  UPSTREAM_URL("upstream.url", "GATEWAY_UPSTREAM_URL", "embedded-simulator",
      "Speech to Text service URL, with its base path; 'embedded-simulator' starts the bundled simulator (demo)."),
  UPSTREAM_CONNECT_TIMEOUT("upstream.connectTimeoutMillis", "GATEWAY_UPSTREAM_CONNECT_TIMEOUT_MILLIS", 5000,
      "Give up connecting to the upstream after this long: the client gets 502."),
  UPSTREAM_IDLE_TIMEOUT("upstream.idleTimeoutSeconds", "GATEWAY_UPSTREAM_IDLE_TIMEOUT_SECONDS", 900,
      "Fail an upstream exchange that sends or receives nothing this long (0 = never): 504, or a reset once streaming."),
  UPSTREAM_MAX_CONNECTIONS("upstream.maxConnections", "GATEWAY_UPSTREAM_MAX_CONNECTIONS", 512,
      "Pooled HTTP/1.1 connections to the upstream."),
  UPSTREAM_SIMULATOR_ADMIN_PORT("upstream.simulatorAdminPort", "GATEWAY_SIMULATOR_ADMIN_PORT", 4001,
      "Fault-control port (/__sim) of the embedded demo simulator; only with upstream.url embedded-simulator (0 = any)."),
  UPSTREAM_CA("upstream.caPath", "GATEWAY_UPSTREAM_CA_PATH", "",
      "PEM CA bundle trusted (besides the JDK's) for the upstream, its health probe and relayed callbacks."),
  HEALTH_PROBE_PATH("health.probePath", "GATEWAY_HEALTH_PROBE_PATH", "/v1/models",
      "Path under the upstream base path probed without credentials; any answer but 5xx counts as up."),
  HEALTH_PROBE_INTERVAL("health.probeIntervalMillis", "GATEWAY_HEALTH_PROBE_INTERVAL_MILLIS", 2000,
      "How often the upstream is probed."),
  HEALTH_FAILURES_TO_DOWN("health.failuresToDown", "GATEWAY_HEALTH_FAILURES_TO_DOWN", 3,
      "Consecutive failed probes (or passive connect failures) before the upstream is DOWN."),
  HEALTH_SUCCESSES_TO_UP("health.successesToUp", "GATEWAY_HEALTH_SUCCESSES_TO_UP", 2,
      "Consecutive good probes before a DOWN upstream is UP again."),
  HEALTH_SERVER_ERRORS_TO_DOWN("health.serverErrorsToDown", "GATEWAY_HEALTH_SERVER_ERRORS_TO_DOWN", 10,
      "Proxied 5xx answers within 10 s (a burst) that make the upstream DOWN."),
  RECOVERY_CONCURRENCY("recovery.concurrency", "GATEWAY_RECOVERY_CONCURRENCY", 4,
      "Resubmissions (and reconcile checks) in flight at once."),
  RECOVERY_RATE("recovery.ratePerSecond", "GATEWAY_RECOVERY_RATE_PER_SECOND", 20,
      "Most upstream calls per second that recovery makes."),
  RECOVERY_MAX_ATTEMPTS("recovery.maxAttempts", "GATEWAY_RECOVERY_MAX_ATTEMPTS", 5,
      "Submissions of one job (the client's own included) before it is parked as dead."),
  RECOVERY_BACKOFF_MILLIS("recovery.backoffMillis", "GATEWAY_RECOVERY_BACKOFF_MILLIS", 2000,
      "First retry delay of a job; doubles per attempt, with jitter."),
  RECOVERY_INTERVAL("recovery.intervalSeconds", "GATEWAY_RECOVERY_INTERVAL_SECONDS", 60,
      "A recovery run also starts on this timer (besides start-up and every DOWN to UP)."),
  RECOVERY_CHECK_INTERVAL_MILLIS("recovery.checkIntervalMillis", "GATEWAY_RECOVERY_CHECK_INTERVAL_MILLIS", 1000,
      "Loss watch: one upstream call per interval (the list of its latest jobs, or one job's status)."),
  REPLAY_AUTH("replay.auth", "GATEWAY_REPLAY_AUTH", "client",
      "Credentials for resubmission: client (the submitter's Authorization, kept encrypted), iam, bearer or basic."),
  REPLAY_API_KEY("replay.apiKey", "GATEWAY_REPLAY_API_KEY", "", "IAM API key for replay.auth=iam (secret)."),
  REPLAY_IAM_URL("replay.iamUrl", "GATEWAY_REPLAY_IAM_URL", "https://iam.cloud.ibm.com/identity/token",
      "IAM token endpoint for replay.auth=iam."),
  REPLAY_BEARER_TOKEN("replay.bearerToken", "GATEWAY_REPLAY_BEARER_TOKEN", "",
      "Static bearer token for replay.auth=bearer (secret)."),
  REPLAY_USERNAME("replay.username", "GATEWAY_REPLAY_USERNAME", "", "User for replay.auth=basic."),
  REPLAY_PASSWORD("replay.password", "GATEWAY_REPLAY_PASSWORD", "", "Password for replay.auth=basic (secret)."),
  JOURNAL_ENCRYPTION_KEY("journal.encryptionKey", "GATEWAY_ENCRYPTION_KEY", "",
      "Base64 of 32 bytes: the AES-GCM key for secrets in the journal (secret). Empty: the embedded store generates "
          + "dataDir/journal.key (0600); an external store requires it (all members the same)."),
  JOURNAL_FAIL_OPEN("journal.failOpen", "GATEWAY_JOURNAL_FAIL_OPEN", false,
      "When the journal cannot be written, still answer the upstream's 201 (the job is then not recoverable)."),
  JOURNAL_MAX_AUDIO_BYTES("journal.maxAudioBytes", "GATEWAY_MAX_AUDIO_BYTES", 1073741824,
      "Largest async audio body accepted (the service's limit is 1 GB): 413 above it."),
  JOURNAL_PART_SIZE_BYTES("journal.partSizeBytes", "GATEWAY_JOURNAL_PART_SIZE_BYTES", 8388608,
      "Multipart part size for audio uploads (min 5 MiB); each upload in flight buffers about two parts."),
  JOURNAL_MAX_UPLOADS("journal.maxConcurrentUploads", "GATEWAY_JOURNAL_MAX_CONCURRENT_UPLOADS", 8,
      "Uploads at full speed at once: their part buffers (2 parts each) are the heap budget all uploads share; "
          + "a submission whose next buffer does not fit waits, paused, until one frees."),
  JOURNAL_UPLOAD_STALL_SECONDS("journal.uploadStallSeconds", "GATEWAY_JOURNAL_UPLOAD_STALL_SECONDS", 60,
      "A journaled upload whose client sends no byte for this long is aborted and its connection reset."),
  JOURNAL_TOMBSTONE_MINUTES("journal.tombstoneRetentionMinutes", "GATEWAY_TOMBSTONE_RETENTION_MINUTES", 1440,
      "How long the record of a retrieved or deleted job is kept after its audio is gone."),
  JOURNAL_FAILED_MINUTES("journal.failedRetentionMinutes", "GATEWAY_FAILED_RETENTION_MINUTES", 10080,
      "How long a failed job's audio is kept for a replay."),
  JOURNAL_ABANDONED_MINUTES("journal.abandonedUploadMinutes", "GATEWAY_ABANDONED_UPLOAD_MINUTES", 60,
      "Incomplete multipart uploads that no live member is writing, and unreferenced audio, older than this are "
          + "removed by the sweeper."),
  JOURNAL_SWEEP_SECONDS("journal.sweepIntervalSeconds", "GATEWAY_SWEEP_INTERVAL_SECONDS", 300,
      "How often the retention sweeper runs."),
  CALLBACKS_PUBLIC_URL("callbacks.publicBaseUrl", "GATEWAY_CALLBACKS_PUBLIC_URL", "",
      "URL at which the upstream reaches this gateway; set: relay mode (notifications go through the gateway), empty: direct mode."),
  CALLBACKS_SIGNATURE("callbacks.signatureAlgorithm", "GATEWAY_CALLBACKS_SIGNATURE_ALGORITHM", "sha256",
      "HMAC for relayed notifications and challenges signed with the client's secret: sha256 or sha1."),
  CALLBACKS_RETRY_HORIZON("callbacks.retryHorizonSeconds", "GATEWAY_CALLBACKS_RETRY_HORIZON_SECONDS", 86400,
      "A relayed notification not acknowledged this long after it arrived is marked exhausted."),
  CALLBACKS_FIRST_BACKOFF("callbacks.firstBackoffMillis", "GATEWAY_CALLBACKS_FIRST_BACKOFF_MILLIS", 1000,
      "First retry delay of a relayed notification; doubles per attempt (capped at 1 hour), with jitter."),
  CALLBACKS_ALLOW("callbacks.allow", "GATEWAY_CALLBACKS_ALLOW", "",
      "Comma-separated hosts and CIDRs callback URLs may use (relay mode); empty allows any host not denied."),
  CALLBACKS_DENY("callbacks.deny", "GATEWAY_CALLBACKS_DENY", "169.254.0.0/16,fe80::/10,100.100.100.200/32,fd00:ec2::254/128,metadata.google.internal,metadata.goog,metadata",
      "Comma-separated hosts and CIDRs callback URLs may never use, checked on every resolved address (relay mode)."),
  DATA_DIR("dataDir", "GATEWAY_DATA_DIR", "data", "Local folder: the embedded object store's files live here."),
  OBJECT_STORE_ENDPOINT("objectStore.endpoint", "GATEWAY_OBJECT_STORE_ENDPOINT", "",
      "S3/MinIO endpoint URL; empty starts an in-process S3 server on dataDir."),
  OBJECT_STORE_ACCESS_KEY("objectStore.accessKey", "GATEWAY_OBJECT_STORE_ACCESS_KEY", "",
      "Access key for the endpoint (ignored when embedded)."),
  OBJECT_STORE_SECRET_KEY("objectStore.secretKey", "GATEWAY_OBJECT_STORE_SECRET_KEY", "",
      "Secret key for the endpoint (secret; ignored when embedded)."),
  OBJECT_STORE_BUCKET("objectStore.bucket", "GATEWAY_OBJECT_STORE_BUCKET", "stt-gateway",
      "Bucket holding the journal; created if missing."),
  OBJECT_STORE_REGION("objectStore.region", "GATEWAY_OBJECT_STORE_REGION", "us-east-1", "Bucket region."),
  OBJECT_STORE_EMBEDDED_FSYNC("objectStore.embeddedFsync", "GATEWAY_OBJECT_STORE_EMBEDDED_FSYNC", false,
      "Embedded store: fsync each audio file and JSON object (and its folder) before the client's answer, so an "
          + "acknowledged job also survives a power loss; false: it survives the gateway's crash (page cache)."),
  CLUSTER_NAME("cluster.name", "GATEWAY_CLUSTER_NAME", "stt-gateway", "Hazelcast cluster name."),
  CLUSTER_PORT("cluster.port", "GATEWAY_CLUSTER_PORT", 5701,
      "Hazelcast member port; alone, exactly this port (0 = any free one), in a cluster the first one tried."),
  CLUSTER_MEMBERS("cluster.members", "GATEWAY_CLUSTER_MEMBERS", java.util.List.of(),
      "Other members, comma-separated host[:port]; empty runs one member alone, bound to 127.0.0.1."),
  CLUSTER_INTERFACE("cluster.interface", "GATEWAY_CLUSTER_INTERFACE", "",
      "IP address (or wildcard like 10.0.*.*) the member binds in a cluster; empty = the one Hazelcast picks. "
          + "Never all."),
  CLUSTER_PUBLIC_ADDRESS("cluster.publicAddress", "GATEWAY_CLUSTER_PUBLIC_ADDRESS", "",
      "Address other members reach this one at (containers, NAT); empty = automatic."),
  CLUSTER_KUBERNETES_SERVICE_DNS("cluster.kubernetes.serviceDns", "GATEWAY_CLUSTER_KUBERNETES_SERVICE_DNS", "",
      "Kubernetes: the headless Service's DNS name; set, members find each other through it (Hazelcast's own "
          + "Kubernetes join, DNS lookup mode) instead of cluster.members."),
  LOGGING_FORMAT("logging.format", "GATEWAY_LOG_FORMAT", "text",
      "Log lines on stderr: text, or json (one object a line: time, level, logger, message, thrown, jobId).");

  private final String key;
  private final String env;
  private final Object defaultValue;
  private final String description;

  Setting(String key, String env, Object defaultValue, String description) {
    this.key = key;
    this.env = env;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public String env() {
    return env;
  }

  public Object defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }
}
