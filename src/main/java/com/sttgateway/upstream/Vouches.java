package com.sttgateway.upstream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The credentials the upstream accepted recently, by fingerprint (a SHA-256 of the Authorization header, never the
 * secret): while the upstream cannot vouch for a credential (down, failing, silent), only these may queue jobs, so
 * nobody runs a job on the gateway's replay credential with a made-up or revoked key (P7). "Recently" is one hour:
 * the lifetime of an IAM access token, so a bearer token seen accepted may still be valid; an API key revoked
 * within that hour can still queue jobs, which then fail on replay with its own credential. Kept per member, in
 * memory, at most {@link #MAX} fingerprints (least recently accepted dropped first). Decorates the health
 * monitor's signals, which see every upstream answer. Any thread.
 */
public final class Vouches implements UpstreamSignals {

  public static final Duration RECENTLY = Duration.ofHours(1);
  static final int MAX = 100_000;

  private final UpstreamSignals health;
  private final Map<String, Long> accepted = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > MAX;
    }
  };

  public Vouches(UpstreamSignals health) {
    this.health = health;
  }

  /** The fingerprint of a credential: SHA-256 of the Authorization header ("" when there is none). */
  public static String fingerprint(String authorization) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((authorization == null ? "" : authorization).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** True when the upstream accepted {@code authorization} within the last hour. */
  public boolean vouched(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return false;
    }
    Long at;
    synchronized (accepted) {
      at = accepted.get(fingerprint(authorization));
    }
    return at != null && System.nanoTime() - at < RECENTLY.toNanos();
  }

  @Override
  public void connectFailed() {
    health.connectFailed();
  }

  @Override
  public void answered(int status) {
    health.answered(status);
  }

  /** Any answer but a server error vouches for the credential, except 401 and 403, which revoke it at once. */
  @Override
  public void answered(int status, String authorization) {
    health.answered(status);
    if (authorization == null || status >= 500) {
      return;
    }
    String key = fingerprint(authorization);
    synchronized (accepted) {
      if (status == 401 || status == 403) {
        accepted.remove(key);
      } else {
        accepted.put(key, System.nanoTime());
      }
    }
  }
}
