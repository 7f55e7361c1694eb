package com.sttgateway.journal;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;

/**
 * The journal's object storage through the MinIO client, the only class that imports {@code io.minio}.
 * Every call blocks, so each runs on the {@code journal-io} worker pool and returns a Future.
 */
public final class ObjectStore {

  private final MinioClient minio;
  private final String bucket;
  private final WorkerExecutor io;
  private final String endpoint;

  public ObjectStore(String endpoint, String accessKey, String secretKey, String region, String bucket,
      WorkerExecutor io) {
    this.minio = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).region(region).build();
    this.bucket = bucket;
    this.io = io;
    this.endpoint = endpoint;
  }

  /** Creates the bucket unless it exists. */
  public Future<Void> ensureBucket() {
    return blocking(() -> {
      if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
        minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
      }
      return null;
    });
  }

  /** Succeeds when the store answers and the bucket exists. */
  public Future<Void> ping() {
    return blocking(() -> {
      if (!minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
        throw new IllegalStateException("bucket " + bucket + " does not exist");
      }
      return null;
    });
  }

  public String describe() {
    return endpoint + "/" + bucket;
  }

  private <T> Future<T> blocking(Callable<T> call) {
    return io.executeBlocking(call, false);
  }
}
