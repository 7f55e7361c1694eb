package com.sttgateway.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.sttgateway.config.ConfigException;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * What every member of one cluster must share, carried in its Hazelcast member attributes: a fingerprint of the
 * journal key (derived from it by HMAC, so it tells nothing about the key) and the object store it journals to
 * (endpoint and bucket, no credentials). Members with another key could not decrypt what this one journals, and
 * members on another store would index jobs this one cannot read.
 */
public record MemberIdentity(String keyFingerprint, String objectStore) {

  static final String KEY_ATTRIBUTE = "gateway.journal-key-fingerprint";
  static final String STORE_ATTRIBUTE = "gateway.object-store";

  public MemberIdentity {
    Objects.requireNonNull(keyFingerprint, "keyFingerprint");
    Objects.requireNonNull(objectStore, "objectStore");
  }

  void addTo(Config config) {
    config.getMemberAttributeConfig().setAttribute(KEY_ATTRIBUTE, keyFingerprint)
        .setAttribute(STORE_ATTRIBUTE, objectStore);
  }

  /**
   * Throws when a peer journals with another key or to another store. The peers compared are the data members,
   * which passed this check before they took partitions; only when there are none yet (members starting
   * together) the other members still starting. Members that start with different settings at the same moment
   * thus both refuse, and a member refused while others join does not make them refuse too.
   */
  void verify(Collection<Member> members) {
    Collection<Member> others = members.stream().filter(m -> !m.localMember()).toList();
    Collection<Member> checked = others.stream().filter(m -> !m.isLiteMember()).toList();
    for (Member peer : checked.isEmpty() ? others : checked) {
      difference(peer).ifPresent(d -> {
        throw new ConfigException("refusing to join the cluster: " + d + "; every member must use the same "
            + "journal.encryptionKey and object store (endpoint and bucket)");
      });
    }
  }

  private Optional<String> difference(Member peer) {
    String key = peer.getAttribute(KEY_ATTRIBUTE);
    String store = peer.getAttribute(STORE_ATTRIBUTE);
    if (!keyFingerprint.equals(key)) {
      return Optional.of("member " + peer.getAddress() + " has another journal key (key fingerprint "
          + key + ", this member's " + keyFingerprint + ")");
    }
    if (!objectStore.equals(store)) {
      return Optional.of("member " + peer.getAddress() + " uses another object store (" + store
          + ", this member " + objectStore + ")");
    }
    return Optional.empty();
  }
}
