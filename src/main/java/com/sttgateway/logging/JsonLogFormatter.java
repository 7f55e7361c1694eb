package com.sttgateway.logging;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code logging.format=json}: one JSON object a line with {@code time}, {@code level}, {@code logger},
 * {@code message}, {@code thrown} (the stack trace, when there is one) and {@code jobId}. The job id is the first
 * parameter of the record when it is a {@link JobId}, else the first UUID the message names right after the word
 * "job" ("job 3f1c... resubmitted"), which is how the gateway's log lines name jobs. Any thread.
 */
public final class JsonLogFormatter extends Formatter {

  /** Wrap a job's client id in this as a log parameter to tag the line without naming it in the text. */
  public record JobId(String id) {

    @Override
    public String toString() {
      return id;
    }
  }

  private static final Pattern JOB = Pattern.compile("\\bjob (?:id )?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}"
      + "-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\b");

  @Override
  public String format(LogRecord record) {
    String message = formatMessage(record);
    JsonObject line = new JsonObject()
        .put("time", Instant.ofEpochMilli(record.getMillis()).toString())
        .put("level", record.getLevel().getName())
        .put("logger", record.getLoggerName())
        .put("message", message);
    String jobId = jobId(record, message);
    if (jobId != null) {
      line.put("jobId", jobId);
    }
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      line.put("thrown", trace.toString());
    }
    return line.encode() + System.lineSeparator();
  }

  static String jobId(LogRecord record, String message) {
    Object[] params = record.getParameters();
    if (params != null && params.length > 0 && params[0] instanceof JobId id) {
      return id.id();
    }
    if (message == null) {
      return null;
    }
    Matcher m = JOB.matcher(message);
    return m.find() ? m.group(1) : null;
  }
}
