package com.sttgateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** The whole configuration, one typed section per component. Immutable. */
public record GatewayConfig(
    Server server, Admin admin, Upstream upstream, Health health, Recovery recovery, Replay replay, Journal journal,
    Callbacks callbacks, Path dataDir, ObjectStore objectStore, Cluster cluster, Logging logging, Tls tls) {

  /** The upstream's health: active probe and passive signals, with hysteresis. */
  public record Health(String probePath, int probeIntervalMillis, int failuresToDown, int successesToUp,
      int serverErrorsToDown) {}

  /** Recovery runs: how hard they may push the upstream. */
  public record Recovery(int concurrency, int ratePerSecond, int maxAttempts, int backoffMillis,
      int intervalSeconds, int checkIntervalMillis) {}

  /** Credentials used to resubmit a job when no client is present. */
  public record Replay(String auth, Secret apiKey, String iamUrl, Secret bearerToken, String username,
      Secret password) {}

  /** The client-facing HTTP server. */
  public record Server(String host, int port, int idleTimeoutSeconds, int maxInitialLineLength, int maxHeaderSize) {}

  /** The admin port: health, the ops API; {@code historySampleMillis}: the dashboard history's sampling interval. */
  public record Admin(String host, int port, Secret token, int historySampleMillis) {}

  /** The Speech to Text service. {@code url} is null when the embedded simulator is wanted. */
  public record Upstream(URI url, int connectTimeoutMillis, int idleTimeoutSeconds, int maxConnections,
      int simulatorAdminPort) {

    public boolean embeddedSimulator() {
      return url == null;
    }

    @Override
    public String toString() {
      return "Upstream[url=" + (url == null ? "embedded-simulator" : url) + ", connectTimeoutMillis="
          + connectTimeoutMillis + ", idleTimeoutSeconds=" + idleTimeoutSeconds + ", maxConnections="
          + maxConnections + ", simulatorAdminPort=" + simulatorAdminPort + "]";
    }
  }

  /** The job journal: encryption of stored secrets, size limits, retention. */
  public record Journal(Secret encryptionKey, boolean failOpen, long maxAudioBytes, int partSizeBytes,
      int maxConcurrentUploads, int uploadStallSeconds,
      int tombstoneRetentionMinutes, int failedRetentionMinutes, int abandonedUploadMinutes, int sweepIntervalSeconds) {}

  /**
   * Callback handling: relay mode when {@code publicBaseUrl} is set (no trailing slash), direct mode otherwise.
   * {@code allow}/{@code deny}: host names and CIDRs that callback URLs are checked against.
   */
  public record Callbacks(String publicBaseUrl, String signatureAlgorithm, int retryHorizonSeconds,
      int firstBackoffMillis, List<String> allow, List<String> deny) {

    public boolean relay() {
      return !publicBaseUrl.isEmpty();
    }
  }

  /**
   * S3-compatible object storage; an empty endpoint means the embedded in-process server, whose files are fsynced
   * before an acknowledgement when {@code embeddedFsync}.
   */
  public record ObjectStore(String endpoint, String accessKey, Secret secretKey, String bucket, String region,
      boolean embeddedFsync) {

    public boolean embedded() {
      return endpoint.isEmpty();
    }
  }

  /** Log output: {@code text} (one readable line) or {@code json} (one object a line). */
  public record Logging(String format) {

    public boolean json() {
      return "json".equals(format);
    }
  }

  /** The Hazelcast member; no members means a single member on 127.0.0.1. {@code bindInterface}: cluster only. */
  public record Cluster(String name, int port, List<String> members, String publicAddress, String bindInterface,
      String kubernetesServiceDns) {

    /** No other member to find: neither listed nor discovered through Kubernetes. */
    public boolean alone() {
      return members.isEmpty() && kubernetesServiceDns.isEmpty();
    }
  }

  /**
   * TLS: the client and admin ports' certificate and key (PEM paths; empty: plain HTTP), the CA bundle trusted
   * for outgoing calls besides the JDK's (empty: the JDK's only), and how often the files are checked for changes.
   */
  public record Tls(String serverCertPath, String serverKeyPath, String adminCertPath, String adminKeyPath,
      String upstreamCaPath, int reloadIntervalSeconds) {

    public boolean server() {
      return !serverCertPath.isEmpty();
    }

    public boolean admin() {
      return !adminCertPath.isEmpty();
    }
  }
}
