package com.sttgateway.callbacks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Callback-Signature}: base64 of the raw HMAC of the exact bytes sent (a challenge string or a
 * notification body). Stateless, any thread.
 */
public final class Signatures {

  public static final String HEADER = "X-Callback-Signature";

  private Signatures() {}

  /** Signs with {@code algorithm} ("sha256" or "sha1", as validated by the config loader). */
  public static String sign(String algorithm, String secret, byte[] message) {
    String jca = "sha1".equals(algorithm) ? "HmacSHA1" : "HmacSHA256";
    try {
      Mac mac = Mac.getInstance(jca);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), jca));
      return Base64.getEncoder().encodeToString(mac.doFinal(message));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(jca + " is not available in this JVM", e);
    }
  }

  /**
   * True when {@code signature} is the HMAC-SHA256 or the HMAC-SHA1 of {@code message}.
   * UNCONFIRMED upstream behaviour: the current docs say SHA-256, the SDKs' text SHA-1; both are accepted because
   * rejecting the one production uses would drop every notification.
   */
  public static boolean verify(String secret, byte[] message, String signature) {
    if (signature == null) {
      return false;
    }
    byte[] given = signature.trim().getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(given, sign("sha256", secret, message).getBytes(StandardCharsets.US_ASCII))
        || MessageDigest.isEqual(given, sign("sha1", secret, message).getBytes(StandardCharsets.US_ASCII));
  }
}
