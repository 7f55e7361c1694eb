package com.sttgateway.journal;

import com.google.common.collect.HashMultimap;
import com.google.common.collect.Multimap;
import io.minio.MinioAsyncClient;
import io.minio.PutObjectArgs;
import io.minio.messages.ListMultipartUploadsResult;
import io.minio.messages.Part;
import io.minio.messages.Upload;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * Multipart uploads through MinIO's asynchronous client, for {@link ObjectStore}: each call computes its request
 * (the part's checksum) on the {@code journal-uploads} pool and then waits off-thread, so a thread is held only
 * while a part is handed over, never while a client dribbles. Answers arrive on the caller's context.
 */
record S3Parts(MinioAsyncClient minio, String bucket, WorkerExecutor pool) {

  /** Starts a multipart upload of {@code key}; its upload id. The headers as {@link #storableType} says. */
  Future<String> start(String key, String contentType, String contentEncoding) {
    return call(() -> minio.createMultipartUploadAsync(bucket, null, key,
        headers(storableType(contentType), storableEncoding(contentEncoding)), null))
        .map(created -> created.result().uploadId());
  }

  /** Sends {@code data[0, length)} as part {@code number}; the part as the completion needs it. */
  Future<Part> upload(String key, String uploadId, int number, byte[] data, int length) {
    return call(() -> minio.uploadPartAsync(bucket, null, key, data, length, uploadId, number, null, null))
        .map(sent -> new Part(number, sent.etag()));
  }

  Future<Void> complete(String key, String uploadId, List<Part> parts) {
    return call(() -> minio.completeMultipartUploadAsync(bucket, null, key, uploadId, parts.toArray(new Part[0]),
        null, null)).mapEmpty();
  }

  Future<Void> abort(String key, String uploadId) {
    return call(() -> minio.abortMultipartUploadAsync(bucket, null, key, uploadId, null, null)).mapEmpty();
  }

  /** Writes a whole small object in one request. */
  Future<Void> put(String key, byte[] data, int length, String contentType, String contentEncoding) {
    return call(() -> {
      PutObjectArgs.Builder args = PutObjectArgs.builder().bucket(bucket).object(key)
          .stream(new ByteArrayInputStream(data, 0, length), length, -1).contentType(storableType(contentType));
      if (storableEncoding(contentEncoding) != null) {
        args.headers(java.util.Map.of("Content-Encoding", contentEncoding));
      }
      return minio.putObject(args.build());
    }).mapEmpty();
  }

  /** Multipart uploads under {@code prefix} that were started and neither completed nor aborted. Blocking. */
  List<ObjectStore.IncompleteUpload> listIncomplete(String prefix) throws Exception {
    List<ObjectStore.IncompleteUpload> uploads = new ArrayList<>();
    String keyMarker = null;
    String uploadIdMarker = null;
    ListMultipartUploadsResult page;
    do {
      page = minio.listMultipartUploadsAsync(bucket, null, null, null, keyMarker, 1000, prefix, uploadIdMarker, null,
          null).get().result();
      for (Upload u : page.uploads()) {
        uploads.add(new ObjectStore.IncompleteUpload(u.objectName(), u.uploadId(),
            u.initiated() == null ? null : u.initiated().toInstant()));
      }
      keyMarker = page.nextKeyMarker();
      uploadIdMarker = page.nextUploadIdMarker();
    } while (page.isTruncated());
    return uploads;
  }

  /** Aborts one upload. Blocking. */
  void abortNow(String key, String uploadId) throws Exception {
    minio.abortMultipartUploadAsync(bucket, null, key, uploadId, null, null).get();
  }

  /**
   * The Content-Type the store is given: the client's when it is a plain ASCII media type, else
   * application/octet-stream (the client's own header is kept in the job record either way).
   */
  static String storableType(String contentType) {
    return contentType != null && contentType.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+/[!#$%&'*+.^_`|~0-9A-Za-z-]+"
        + "(\\s*;[\\x20-\\x7e]*)?") ? contentType : "application/octet-stream";
  }

  /** The client's Content-Encoding when the store can take it as a header; null otherwise. */
  static String storableEncoding(String contentEncoding) {
    return contentEncoding != null && contentEncoding.matches("[\\x21-\\x7e]+") ? contentEncoding : null;
  }

  private static Multimap<String, String> headers(String contentType, String contentEncoding) {
    Multimap<String, String> headers = HashMultimap.create();
    headers.put("Content-Type", contentType);
    if (contentEncoding != null) {
      headers.put("Content-Encoding", contentEncoding);
    }
    return headers;
  }

  private <T> Future<T> call(Callable<CompletableFuture<T>> request) {
    Context context = Vertx.currentContext();
    return pool.executeBlocking(request, false).compose(pending -> context == null
        ? Future.fromCompletionStage(pending) : Future.fromCompletionStage(pending, context));
  }
}
