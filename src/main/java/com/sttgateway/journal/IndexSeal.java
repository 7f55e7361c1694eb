package com.sttgateway.journal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import io.vertx.core.json.JsonObject;

/**
 * Seals index entries with an HMAC under a key derived from the journal key, so a cluster peer (or a Hazelcast
 * client) that lacks the journal key cannot change what the gateway does: an entry whose seal does not verify is
 * never acted on; the record is read again from the object store, the source of truth (P7). Any thread.
 */
public final class IndexSeal {

  static final String FIELD = "seal";
  /** One MAC per thread, keyed once: looking the algorithm up and keying it took as long as the MAC itself. */
  private final ThreadLocal<Mac> macs;

  public IndexSeal(byte[] key) {
    byte[] copy = key.clone();
    this.macs = ThreadLocal.withInitial(() -> mac(copy));
  }

  /** {@code json} with its seal added (the seal covers every other byte of the encoding). */
  String seal(JsonObject json) {
    String body = json.encode();
    return body.substring(0, body.length() - 1) + (json.isEmpty() ? "" : ",") + "\"" + FIELD + "\":\""
        + mac(body) + "\"}";
  }

  /** The sealed index entry of {@code r}, in its stored form ({@link EntryCodec}). */
  byte[] value(JobRecord r) {
    return EntryCodec.pack(seal(r.toJson()));
  }

  /** The record's JSON if the stored entry {@code entry} carries a valid seal; null otherwise (or for null). */
  JsonObject open(byte[] entry) {
    String sealed = EntryCodec.unpack(entry);
    return sealed == null ? null : open(sealed);
  }

  /** The record's JSON if {@code sealed} carries a valid seal; null otherwise. */
  JsonObject open(String sealed) {
    JsonObject json;
    try {
      json = new JsonObject(sealed);
    } catch (RuntimeException e) {
      return null; // not JSON, or not an object
    }
    Object seal = json.remove(FIELD);
    return seal instanceof String s && MessageDigest.isEqual(s.getBytes(StandardCharsets.US_ASCII),
        mac(json.encode()).getBytes(StandardCharsets.US_ASCII)) ? json : null;
  }

  private String mac(String body) {
    byte[] mac = macs.get().doFinal(body.getBytes(StandardCharsets.UTF_8));
    return Base64.getEncoder().withoutPadding().encodeToString(mac);
  }

  static byte[] hmac(byte[] key, byte[] data) {
    return mac(key).doFinal(data);
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
