package com.sttgateway.jobs;

import com.sttgateway.GatewayException;
import com.sttgateway.journal.JobJournal;
import com.sttgateway.journal.JobObjects;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The job routes while the index is still being rebuilt after a start: a job the index does not hold yet is read
 * by its key from the object store (the source of truth), and answers that read the index say it is incomplete.
 * Once the index is complete, the index alone decides. Event loop only.
 */
public final class Unindexed {

  private static final Logger LOG = Logger.getLogger(Unindexed.class.getName());
  /** What a client id can be (the gateway mints UUIDs): nothing else is turned into an object key. */
  private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");

  private Unindexed() {}

  /** The indexed record of {@code clientId}; while the index is incomplete, else the stored one; null: unknown. */
  public static Future<JobRecord> find(JobJournal journal, ObjectStore store, String clientId) {
    return journal.get(clientId).compose(indexed -> indexed != null || journal.index().complete()
        || !CLIENT_ID.matcher(clientId).matches() ? Future.succeededFuture(indexed)
        : store.getJson(JobObjects.record(clientId)).map(json -> json == null ? null : JobRecord.fromJson(json))
            .recover(err -> {
              LOG.warning("job " + clientId + ": its record could not be read while the index is rebuilt: " + err);
              return Future.failedFuture(building(journal));
            }));
  }

  /** A 503 for what cannot be decided before the index is complete. */
  public static GatewayException building(JobJournal journal) {
    return new GatewayException(503, "the gateway's job index is being rebuilt after a start ("
        + journal.index().describe() + "); retry shortly").withHeader("Retry-After", "5");
  }

  /** Marks an answer drawn from the index as possibly missing jobs, while the index is incomplete. */
  static void warnIfIncomplete(JobJournal journal, HttpServerRequest request) {
    if (!journal.index().complete()) {
      request.response().putHeader("Warning", "199 stt-gateway \"job index incomplete ("
          + journal.index().describe() + "): jobs queued in the journal may be missing\"");
    }
  }
}
