package com.sttgateway.journal;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The multipart uploads members are writing now (upload id to owning member and start), so that the sweeper aborts
 * only uploads nobody alive owns, however long a 1 GB upload takes. A Hazelcast map; any
 * thread.
 */
public final class UploadRegistry {

  public static final String MAP = "uploads";

  private final IMap<String, String> uploads;
  private final HazelcastInstance hazelcast;
  private final Vertx vertx;

  public UploadRegistry(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.uploads = hazelcast.getMap(MAP);
  }

  /** Records that this member writes {@code uploadId}. */
  public Future<Void> register(String uploadId) {
    String entry = new JsonObject().put("member", hazelcast.getCluster().getLocalMember().getUuid().toString())
        .put("started", Instant.now().toString()).encode();
    return Future.fromCompletionStage(uploads.setAsync(uploadId, entry));
  }

  /** The upload completed or was aborted. */
  public Future<Void> release(String uploadId) {
    return Future.fromCompletionStage(uploads.removeAsync(uploadId)).mapEmpty();
  }

  /**
   * Upload ids registered by members that are still in the cluster; entries of departed members are dropped.
   * Reads the whole map, so it runs on a worker.
   */
  public Future<Set<String>> ownedByLiveMembers() {
    return vertx.executeBlocking(() -> {
      Set<String> members = hazelcast.getCluster().getMembers().stream().map(Member::getUuid)
          .map(Object::toString).collect(Collectors.toSet());
      Set<String> live = new HashSet<>();
      for (Map.Entry<String, String> e : uploads.entrySet()) {
        if (members.contains(new JsonObject(e.getValue()).getString("member"))) {
          live.add(e.getKey());
        } else {
          uploads.delete(e.getKey());
        }
      }
      return live;
    }, false);
  }
}
