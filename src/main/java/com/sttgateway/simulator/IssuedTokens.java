package com.sttgateway.simulator;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The access tokens the IAM stand-in issued and when each expires. Expired tokens are remembered for a while, so
 * they answer 401 even when the simulator accepts any credential. Thread-safe.
 */
final class IssuedTokens {

  /** What the simulator knows about a bearer token. */
  enum Verdict { VALID, EXPIRED, UNKNOWN }

  /** How long an expired token is still recognised as one of ours before it is forgotten. */
  private static final Duration REMEMBER_EXPIRED = Duration.ofMinutes(10);

  private final ConcurrentHashMap<String, Instant> expiries = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  /** A new random token valid until {@code expires}. */
  String issue(Instant expires) {
    Instant forgetBefore = Instant.now().minus(REMEMBER_EXPIRED);
    expiries.values().removeIf(expiry -> expiry.isBefore(forgetBefore));
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    expiries.put(token, expires);
    return token;
  }

  Verdict verdict(String token) {
    Instant expires = expiries.get(token);
    if (expires == null) {
      return Verdict.UNKNOWN;
    }
    return Instant.now().isBefore(expires) ? Verdict.VALID : Verdict.EXPIRED;
  }
}
