package com.sttgateway.journal;

import com.hazelcast.projection.Projection;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Projects an index entry to its key and its record's audio key (null when it has none or cannot be read), on the
 * members holding the entries, so only those two strings cross the cluster. The seal is not checked (the members
 * running it need not hold the journal key); a found-not-fixed gap: an entry a peer without the key rewrote can
 * hide a job's audio key from the retention sweeper, which deletes audio unreferenced on two sweeps in a row.
 */
final class AudioKeys implements Projection<Map.Entry<String, byte[]>, String[]> {

  private static final long serialVersionUID = 1L;

  @Override
  public String[] transform(Map.Entry<String, byte[]> entry) {
    String json = EntryCodec.unpack(entry.getValue());
    String audio = null;
    try {
      JsonObject a = json == null ? null : new JsonObject(json).getJsonObject("audio");
      audio = a == null ? null : a.getString("key");
    } catch (RuntimeException e) {
      // not a record: no audio of its own
    }
    return new String[] {entry.getKey(), audio};
  }
}
