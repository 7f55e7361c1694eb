package com.sttgateway.journal;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Journaled callback registrations, one object each under {@code callbacks/}, named by the SHA-256 of the
 * normalized URL. Few and small, so read straight from the store. Any thread; all I/O through {@link ObjectStore}.
 */
public final class CallbackJournal {

  static final String PREFIX = "callbacks/";
  private static final Logger LOG = Logger.getLogger(CallbackJournal.class.getName());

  private final ObjectStore store;

  public CallbackJournal(ObjectStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** Writes (or replaces) the registration of {@code r.url()}. */
  public Future<Void> save(CallbackRegistration r) {
    return keyFor(r.url()).compose(key -> store.putJson(key, r.toJson()));
  }

  /** The registration of {@code url} (normalized first); null when there is none. */
  public Future<CallbackRegistration> get(String url) {
    return keyFor(url).compose(store::getJson).map(json -> json == null ? null : CallbackRegistration.fromJson(json));
  }

  /** Forgets the registration of {@code url} (normalized first); succeeds when there was none. */
  public Future<Void> remove(String url) {
    return keyFor(url).compose(store::remove);
  }

  /** Every registration, oldest first; unreadable objects are logged and skipped. */
  public Future<List<CallbackRegistration>> list() {
    return store.list(PREFIX).compose(keys -> {
      List<Future<CallbackRegistration>> reads = keys.stream().filter(k -> k.endsWith(".json")).map(this::read).toList();
      return Future.join(reads).otherwiseEmpty().map(v -> {
        List<CallbackRegistration> all = new ArrayList<>();
        reads.forEach(f -> {
          if (f.succeeded() && f.result() != null) {
            all.add(f.result());
          }
        });
        all.sort(Comparator.comparing(CallbackRegistration::created));
        return all;
      });
    });
  }

  private Future<CallbackRegistration> read(String key) {
    return store.getJson(key)
        .map(json -> json == null ? null : CallbackRegistration.fromJson(json))
        .onFailure(err -> LOG.warning("skipping unreadable callback registration " + key + ": " + err.getMessage()));
  }

  private static Future<String> keyFor(String url) {
    try {
      return Future.succeededFuture(key(url));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  /** {@code callbacks/{sha256 hex of the normalized url}.json}. */
  static String key(String url) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(CallbackRegistration.normalize(url).getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(digest) + ".json";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
