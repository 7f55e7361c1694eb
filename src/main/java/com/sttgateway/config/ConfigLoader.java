package com.sttgateway.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link GatewayConfig}: defaults from {@link Setting}, then the JSON file, then the environment,
 * then validation. Every failure is a {@link ConfigException} naming the key.
 */
public final class ConfigLoader {

  static final String EMBEDDED_SIMULATOR = "embedded-simulator";

  private final JsonObject values = new JsonObject();
  private final ConfigValues read = new ConfigValues(values);

  private ConfigLoader() {
    for (Setting s : Setting.values()) {
      Object d = s.defaultValue();
      values.put(s.key(), d instanceof List<?> list ? new JsonArray(new ArrayList<>(list)) : d);
    }
  }

  /** Loads {@code file} (may be null: defaults only) with overrides from {@code env}. */
  public static GatewayConfig load(Path file, Map<String, String> env) {
    ConfigLoader loader = new ConfigLoader();
    if (file != null) {
      loader.mergeFile(file);
    }
    loader.mergeEnv(env);
    return loader.build();
  }

  private void mergeFile(Path file) {
    JsonObject json;
    try {
      json = new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new ConfigException("config file " + file + ": cannot be read (" + e.getMessage() + ")");
    } catch (DecodeException e) {
      throw new ConfigException("config file " + file + ": not valid JSON (" + e.getMessage() + ")");
    }
    flatten("", json);
  }

  private void flatten(String prefix, JsonObject json) {
    for (Map.Entry<String, Object> e : json) {
      if (e.getKey().startsWith("_")) {
        continue; // "_comment" keys document the file
      }
      String key = prefix + e.getKey();
      if (e.getValue() instanceof JsonObject nested) {
        flatten(key + ".", nested);
      } else if (values.containsKey(key)) {
        values.put(key, e.getValue());
      } else {
        throw new ConfigException(key, e.getValue(), "a known setting; see the README's configuration table");
      }
    }
  }

  private void mergeEnv(Map<String, String> env) {
    for (Setting s : Setting.values()) {
      String v = env.get(s.env());
      if (v != null) {
        values.put(s.key(), v);
      }
    }
  }

  private GatewayConfig build() {
    return new GatewayConfig(
        new GatewayConfig.Server(
            read.string(Setting.SERVER_HOST, false),
            read.port(Setting.SERVER_PORT),
            read.integer(Setting.SERVER_IDLE_TIMEOUT, 0, Integer.MAX_VALUE),
            read.integer(Setting.SERVER_MAX_INITIAL_LINE, 4096, 16 * 1024 * 1024),
            read.integer(Setting.SERVER_MAX_HEADER_SIZE, 8192, 16 * 1024 * 1024)),
        new GatewayConfig.Admin(
            read.string(Setting.ADMIN_HOST, false), read.port(Setting.ADMIN_PORT), new Secret(read.string(Setting.ADMIN_TOKEN, true)),
            read.integer(Setting.ADMIN_HISTORY_SAMPLE, 100, 600_000)),
        new GatewayConfig.Upstream(
            upstreamUrl(),
            read.integer(Setting.UPSTREAM_CONNECT_TIMEOUT, 1, 600_000),
            read.integer(Setting.UPSTREAM_IDLE_TIMEOUT, 0, Integer.MAX_VALUE),
            read.integer(Setting.UPSTREAM_MAX_CONNECTIONS, 1, 100_000),
            read.port(Setting.UPSTREAM_SIMULATOR_ADMIN_PORT)),
        new GatewayConfig.Health(
            probePath(),
            read.integer(Setting.HEALTH_PROBE_INTERVAL, 50, 600_000),
            read.integer(Setting.HEALTH_FAILURES_TO_DOWN, 1, 100),
            read.integer(Setting.HEALTH_SUCCESSES_TO_UP, 1, 100),
            read.integer(Setting.HEALTH_SERVER_ERRORS_TO_DOWN, 1, 100_000)),
        new GatewayConfig.Recovery(
            read.integer(Setting.RECOVERY_CONCURRENCY, 1, 256),
            read.integer(Setting.RECOVERY_RATE, 1, 10_000),
            read.integer(Setting.RECOVERY_MAX_ATTEMPTS, 1, 1000),
            read.integer(Setting.RECOVERY_BACKOFF_MILLIS, 1, 3_600_000),
            read.integer(Setting.RECOVERY_INTERVAL, 1, 86_400),
            read.integer(Setting.RECOVERY_CHECK_INTERVAL_MILLIS, 50, 3_600_000)),
        replay(),
        new GatewayConfig.Journal(
            new Secret(read.string(Setting.JOURNAL_ENCRYPTION_KEY, true)),
            read.bool(Setting.JOURNAL_FAIL_OPEN),
            read.integer(Setting.JOURNAL_MAX_AUDIO_BYTES, 100, Integer.MAX_VALUE),
            read.integer(Setting.JOURNAL_PART_SIZE_BYTES, 5 * 1024 * 1024, 512 * 1024 * 1024),
            read.integer(Setting.JOURNAL_MAX_UPLOADS, 1, 1024),
            read.integer(Setting.JOURNAL_UPLOAD_STALL_SECONDS, 1, 86_400),
            read.integer(Setting.JOURNAL_TOMBSTONE_MINUTES, 0, Integer.MAX_VALUE),
            read.integer(Setting.JOURNAL_FAILED_MINUTES, 0, Integer.MAX_VALUE),
            read.integer(Setting.JOURNAL_ABANDONED_MINUTES, 1, Integer.MAX_VALUE),
            read.integer(Setting.JOURNAL_SWEEP_SECONDS, 1, 86_400)),
        callbacks(),
        Path.of(read.string(Setting.DATA_DIR, false)),
        new GatewayConfig.ObjectStore(
            objectStoreEndpoint(),
            read.string(Setting.OBJECT_STORE_ACCESS_KEY, true),
            new Secret(read.string(Setting.OBJECT_STORE_SECRET_KEY, true)),
            bucket(),
            read.string(Setting.OBJECT_STORE_REGION, false),
            read.bool(Setting.OBJECT_STORE_EMBEDDED_FSYNC)),
        new GatewayConfig.Cluster(
            read.string(Setting.CLUSTER_NAME, false),
            read.port(Setting.CLUSTER_PORT),
            members(),
            read.string(Setting.CLUSTER_PUBLIC_ADDRESS, true), read.string(Setting.CLUSTER_INTERFACE, true),
            read.string(Setting.CLUSTER_KUBERNETES_SERVICE_DNS, true)),
        new GatewayConfig.Logging(read.oneOf(Setting.LOGGING_FORMAT, "text", "json")),
        TlsSettings.read(s -> read.string(s, true), s -> read.integer(s, 1, 3600)));
  }






  private URI upstreamUrl() {
    String url = read.string(Setting.UPSTREAM_URL, false);
    return url.equals(EMBEDDED_SIMULATOR) ? null : HttpUrls.parse(Setting.UPSTREAM_URL, url, "'" + EMBEDDED_SIMULATOR + "'");
  }

  private String objectStoreEndpoint() {
    String url = read.string(Setting.OBJECT_STORE_ENDPOINT, true);
    return url.isEmpty() ? url : HttpUrls.parse(Setting.OBJECT_STORE_ENDPOINT, url, "empty for the embedded store").toString();
  }

  private String probePath() {
    String path = read.string(Setting.HEALTH_PROBE_PATH, false);
    if (!path.startsWith("/")) {
      throw new ConfigException(Setting.HEALTH_PROBE_PATH.key(), path, "a path starting with /");
    }
    return path;
  }

  private GatewayConfig.Replay replay() {
    String auth = read.string(Setting.REPLAY_AUTH, false);
    GatewayConfig.Replay replay = new GatewayConfig.Replay(auth, new Secret(read.string(Setting.REPLAY_API_KEY, true)),
        HttpUrls.parse(Setting.REPLAY_IAM_URL, read.string(Setting.REPLAY_IAM_URL, false), "an IAM token URL").toString(),
        new Secret(read.string(Setting.REPLAY_BEARER_TOKEN, true)), read.string(Setting.REPLAY_USERNAME, true),
        new Secret(read.string(Setting.REPLAY_PASSWORD, true)));
    boolean complete = switch (auth) {
      case "client" -> true;
      case "iam" -> replay.apiKey().isSet();
      case "bearer" -> replay.bearerToken().isSet();
      case "basic" -> !replay.username().isEmpty() && replay.password().isSet();
      default -> throw new ConfigException(Setting.REPLAY_AUTH.key(), auth, "client, iam, bearer or basic");
    };
    if (!complete) {
      throw new ConfigException(Setting.REPLAY_AUTH.key(), auth,
          "its credential set too (replay.apiKey, replay.bearerToken, or replay.username and replay.password)");
    }
    return replay;
  }

  private GatewayConfig.Callbacks callbacks() {
    String base = read.string(Setting.CALLBACKS_PUBLIC_URL, true);
    if (!base.isEmpty()) {
      base = HttpUrls.parse(Setting.CALLBACKS_PUBLIC_URL, base, "empty for direct mode").toString();
      base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
    String algorithm = read.string(Setting.CALLBACKS_SIGNATURE, false).toLowerCase(java.util.Locale.ROOT);
    if (!algorithm.equals("sha256") && !algorithm.equals("sha1")) {
      throw new ConfigException(Setting.CALLBACKS_SIGNATURE.key(), algorithm, "sha256 or sha1");
    }
    return new GatewayConfig.Callbacks(base, algorithm,
        read.integer(Setting.CALLBACKS_RETRY_HORIZON, 1, 30 * 86_400),
        read.integer(Setting.CALLBACKS_FIRST_BACKOFF, 1, 3_600_000),
        hostRules(Setting.CALLBACKS_ALLOW), hostRules(Setting.CALLBACKS_DENY));
  }

  /** A comma-separated string or a JSON array of host names, IP addresses and CIDRs (checked when parsed). */
  private List<String> hostRules(Setting s) {
    List<String> list = read.stringList(s, "a comma-separated list of host names and CIDRs");
    for (String rule : list) {
      int slash = rule.indexOf('/');
      int maxPrefix = rule.contains(":") ? 128 : 32;
      if (!rule.matches("[A-Za-z0-9.:*_-]+(/\\d{1,3})?")
          || slash > 0 && Integer.parseInt(rule.substring(slash + 1)) > maxPrefix) {
        throw new ConfigException(s.key(), rule, "a host name, an IP address or a CIDR such as 169.254.0.0/16");
      }
    }
    return list;
  }


  private String bucket() {
    String bucket = read.string(Setting.OBJECT_STORE_BUCKET, false);
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new ConfigException(Setting.OBJECT_STORE_BUCKET.key(), bucket, "an S3 bucket name: 3-63 of a-z 0-9 . -");
    }
    return bucket;
  }

  private List<String> members() {
    List<String> list = read.stringList(Setting.CLUSTER_MEMBERS, "a list of host[:port]");
    for (String m : list) {
      if (!m.matches("[A-Za-z0-9._-]+(:\\d{1,5})?")) {
        throw new ConfigException(Setting.CLUSTER_MEMBERS.key(), m, "host or host:port");
      }
    }
    return list;
  }
}
