package com.sttgateway.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC algorithm behind X-Callback-Signature (current docs: SHA-256, SDK text: SHA-1); stateless, any thread. */
public enum SignatureAlgorithm {
  SHA1("HmacSHA1"),
  SHA256("HmacSHA256");

  private final String jcaName;

  SignatureAlgorithm(String jcaName) {
    this.jcaName = jcaName;
  }

  /** Base64 of the raw HMAC digest of {@code message} keyed with {@code secret} (the upstream's header value). */
  public String sign(String secret, byte[] message) {
    try {
      Mac mac = Mac.getInstance(jcaName);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), jcaName));
      return Base64.getEncoder().encodeToString(mac.doFinal(message));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(jcaName + " is not available in this JVM", e);
    }
  }

  public String sign(String secret, String message) {
    return sign(secret, message.getBytes(StandardCharsets.UTF_8));
  }

  /** Parses "sha1" or "sha256" (case-insensitive, "sha-256" accepted). */
  public static SignatureAlgorithm parse(String text) {
    String normalized = text.trim().toUpperCase(Locale.ROOT).replace("-", "");
    for (SignatureAlgorithm algorithm : values()) {
      if (algorithm.name().equals(normalized)) {
        return algorithm;
      }
    }
    throw new IllegalArgumentException("'" + text + "' (expected: sha1 or sha256)");
  }
}
