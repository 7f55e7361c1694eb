package com.sttgateway.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one simulator instance; immutable, so any thread may read it.
 *
 * @param host          interface both the API and the admin port bind to
 * @param port          API port (0 = any free port)
 * @param adminPort     fault-control port (0 = any free port)
 * @param basePath      prefix of every API route, e.g. "" or "/instances/abc" (no trailing slash)
 * @param signature     HMAC algorithm for X-Callback-Signature (the upstream's own is UNCONFIRMED)
 * @param waiting       how long a new job stays "waiting"
 * @param processing    how long a job stays "processing" (also the think time of sync recognize)
 * @param minBytes      smallest accepted audio body
 * @param maxBytes      largest accepted async audio body (sync and WebSocket use the smaller of this and 100 MiB)
 * @param syncKeepAlive interval of the keep-alive spaces on a long sync recognize (20 s upstream)
 * @param ttlUnit       length of one results_ttl "minute"; tests shrink it
 * @param apiKey        the only accepted credential, or null to accept any credential
 * @param iamTokenTtl   lifetime of the tokens POST /identity/token issues (whole seconds, at least 1)
 * @param customization timing and limits of the custom model API
 */
public record SimulatorOptions(String host, int port, int adminPort, String basePath, SignatureAlgorithm signature,
    Duration waiting, Duration processing, long minBytes, long maxBytes, Duration syncKeepAlive,
    Duration ttlUnit, String apiKey, Duration iamTokenTtl, CustomizationOptions customization) {

  public SimulatorOptions {
    Objects.requireNonNull(host, "host");
    basePath = normalizeBasePath(basePath);
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(customization, "customization");
    requireNonNegative(waiting, "waiting");
    requireNonNegative(processing, "processing");
    requirePositive(syncKeepAlive, "syncKeepAlive");
    requirePositive(ttlUnit, "ttlUnit");
    // expires_in is whole seconds, so a fraction would make the token outlive (or die before) what it announces
    if (iamTokenTtl == null || iamTokenTtl.toSeconds() < 1 || iamTokenTtl.toNanosPart() != 0) {
      throw new IllegalArgumentException("iamTokenTtl: " + iamTokenTtl + " (expected: whole seconds, at least 1)");
    }
    if (minBytes < 0 || maxBytes < minBytes) {
      throw new IllegalArgumentException("minBytes/maxBytes: " + minBytes + "/" + maxBytes
          + " (expected: 0 <= minBytes <= maxBytes)");
    }
  }

  /**
   * Loopback, ephemeral ports, SHA-256 signatures, 200 ms waiting, 300 ms processing, 1 GiB cap, any credential,
   * IAM tokens valid for an hour (as IBM Cloud IAM issues them).
   */
  public static SimulatorOptions defaults() {
    return new SimulatorOptions("127.0.0.1", 0, 0, "", SignatureAlgorithm.SHA256, Duration.ofMillis(200),
        Duration.ofMillis(300), 100, 1L << 30, Duration.ofSeconds(20), Duration.ofMinutes(1), null,
        Duration.ofHours(1), CustomizationOptions.defaults());
  }

  public SimulatorOptions withHost(String value) {
    return new SimulatorOptions(value, port, adminPort, basePath, signature, waiting, processing, minBytes, maxBytes,
        syncKeepAlive, ttlUnit, apiKey, iamTokenTtl,
        customization);
  }

  public SimulatorOptions withPort(int value) {
    return new SimulatorOptions(host, value, adminPort, basePath, signature, waiting, processing, minBytes, maxBytes,
        syncKeepAlive, ttlUnit, apiKey, iamTokenTtl,
        customization);
  }

  public SimulatorOptions withAdminPort(int value) {
    return new SimulatorOptions(host, port, value, basePath, signature, waiting, processing, minBytes, maxBytes,
        syncKeepAlive, ttlUnit, apiKey, iamTokenTtl,
        customization);
  }

  public SimulatorOptions withBasePath(String value) {
    return new SimulatorOptions(host, port, adminPort, value, signature, waiting, processing, minBytes, maxBytes,
        syncKeepAlive, ttlUnit, apiKey, iamTokenTtl,
        customization);
  }

  public SimulatorOptions withSignature(SignatureAlgorithm value) {
    return new SimulatorOptions(host, port, adminPort, basePath, value, waiting, processing, minBytes, maxBytes,
        syncKeepAlive, ttlUnit, apiKey, iamTokenTtl,
        customization);
  }

  public SimulatorOptions withWaiting(Duration value) {
    return new SimulatorOptions(host, port, adminPort, basePath, signature, value, processing, minBytes, maxBytes,
        syncKeepAlive, ttlUnit, apiKey, iamTokenTtl,
        customization);
  }

  public SimulatorOptions withProcessing(Duration value) {
    return new SimulatorOptions(host, port, adminPort, basePath, signature, waiting, value, minBytes, maxBytes,
        syncKeepAlive, ttlUnit, apiKey, iamTokenTtl,
        customization);
  }

  public SimulatorOptions withMinBytes(long value) {
    return new SimulatorOptions(host, port, adminPort, basePath, signature, waiting, processing, value, maxBytes,
        syncKeepAlive, ttlUnit, apiKey, iamTokenTtl,
        customization);
  }

  public SimulatorOptions withMaxBytes(long value) {
    return new SimulatorOptions(host, port, adminPort, basePath, signature, waiting, processing, minBytes, value,
        syncKeepAlive, ttlUnit, apiKey, iamTokenTtl,
        customization);
  }

  public SimulatorOptions withSyncKeepAlive(Duration value) {
    return new SimulatorOptions(host, port, adminPort, basePath, signature, waiting, processing, minBytes, maxBytes,
        value, ttlUnit, apiKey, iamTokenTtl,
        customization);
  }

  public SimulatorOptions withTtlUnit(Duration value) {
    return new SimulatorOptions(host, port, adminPort, basePath, signature, waiting, processing, minBytes, maxBytes,
        syncKeepAlive, value, apiKey, iamTokenTtl,
        customization);
  }

  public SimulatorOptions withApiKey(String value) {
    return new SimulatorOptions(host, port, adminPort, basePath, signature, waiting, processing, minBytes, maxBytes,
        syncKeepAlive, ttlUnit, value, iamTokenTtl,
        customization);
  }

  public SimulatorOptions withIamTokenTtl(Duration value) {
    return new SimulatorOptions(host, port, adminPort, basePath, signature, waiting, processing, minBytes, maxBytes,
        syncKeepAlive, ttlUnit, apiKey, value,
        customization);
  }

  public SimulatorOptions withCustomization(CustomizationOptions value) {
    return new SimulatorOptions(host, port, adminPort, basePath, signature, waiting, processing, minBytes, maxBytes,
        syncKeepAlive, ttlUnit, apiKey, iamTokenTtl, value);
  }

  /** Never prints the API key. */
  @Override
  public String toString() {
    return "SimulatorOptions[host=" + host + ", port=" + port + ", adminPort=" + adminPort + ", basePath=" + basePath
        + ", signature=" + signature + ", waiting=" + waiting + ", processing=" + processing + ", minBytes=" + minBytes
        + ", maxBytes=" + maxBytes + ", syncKeepAlive=" + syncKeepAlive + ", ttlUnit=" + ttlUnit
        + ", apiKey=" + (apiKey == null ? "<any>" : "<redacted>") + ", iamTokenTtl=" + iamTokenTtl + ", customization=" + customization + "]";
  }

  private static String normalizeBasePath(String path) {
    if (path == null || path.isEmpty() || path.equals("/")) {
      return "";
    }
    String withSlash = path.startsWith("/") ? path : "/" + path;
    return withSlash.endsWith("/") ? withSlash.substring(0, withSlash.length() - 1) : withSlash;
  }

  private static void requireNonNegative(Duration value, String name) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: a duration >= 0)");
    }
  }

  private static void requirePositive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: a duration > 0)");
    }
  }
}
