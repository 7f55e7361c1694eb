package com.sttgateway.journal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The stored form of a job's index entry: its sealed JSON, deflated against a fixed dictionary of what every record
 * says (field names, states, typical values), behind a version byte. A record of about 900 bytes of JSON (bench/ops'
 * mix, sealed) takes about 270, and the index holds a million of them. Inflating is bounded, so an entry a peer
 * wrote cannot make a reader allocate more than {@link #MAX_JSON}. Any thread (a deflater and an inflater per
 * thread, kept: making one allocates native memory).
 */
final class EntryCodec {

  /** The first byte of every entry; another dictionary (or form) takes another one. */
  private static final byte VERSION = 1;
  /** The largest JSON an entry may inflate to (records are a few kilobytes; their history is bounded). */
  static final int MAX_JSON = 4 << 20;
  /**
   * A record as JobRecord writes it, the most common strings last (deflate finds the nearest match cheapest).
   * Changing it changes every entry: give it a new {@link #VERSION}. Entries are in memory only, rebuilt from the
   * records at each cold start; a member of another version reads none of this one's (it re-reads the record).
   */
  private static final byte[] DICTIONARY = ("""
      "events=recognitions.started,recognitions.completed,recognitions.completed_with_results,recognitions.failed"\
      "results_ttl=","model=en-US_BroadbandModel","model=en-US_Multimedia","X-Watson-Learning-Opt-Out":"true",\
      "audio/flac","audio/mp3","audio/ogg;codecs=opus","audio/l16;rate=16000","application/octet-stream",\
      {"status":"processing"},{"status":"completed"},{"status":"failed"},"event":"resubmitted","event":"adopted",\
      "event":"replay","detail":"queued again for a replay from ","event":"status","detail":"upstream accepted as \
      ","claim":{"owner":"","until":"2026-12-01T00:00:00.000000000Z"},"retainUntil":"2026-12-01T00:00:00Z",\
      {"version":1,"clientId":"00000000-0000-4000-8000-000000000000","upstreamId":null,"state":"queued",\
      "upstreamId":"00000000-0000-4000-8000-000000000000","state":"submitted","state":"retrieved",\
      "tenant":"0000000000000000000000000000000000000000000000000000000000000000","sealedAuthorization":null,\
      "request":{"basePath":"","query":"callback_url=https%3A%2F%2Fexample.com%2F&user_token=",\
      "headers":{"Content-Type":"audio/wav"}},"audio":{"key":"audio/00000000-0000-4000-8000-000000000000",\
      "bytes":1000000,"sha256":"0000000000000000000000000000000000000000000000000000000000000000"},\
      "created":"2026-12-01T00:00:00.000000000Z","updated":"2026-12-01T00:00:00.000000000Z","attempts":1,\
      "lastStatus":{"id":"00000000-0000-4000-8000-000000000000","status":"waiting",\
      "created":"2026-12-01T00:00:00.000Z","updated":"2026-12-01T00:00:00.000Z"},"retainUntil":null,\
      "history":[{"at":"2026-12-01T00:00:00.000000000Z","event":"received","detail":"POST from 127.0.0.1"},\
      {"at":"2026-12-01T00:00:00.000000000Z","event":"submitted","detail":""}],"claim":null,"seal":"\
      """).getBytes(StandardCharsets.UTF_8);

  private static final ThreadLocal<Deflater> DEFLATERS = ThreadLocal.withInitial(() -> new Deflater(6, true));
  private static final ThreadLocal<Inflater> INFLATERS = ThreadLocal.withInitial(() -> new Inflater(true));

  private EntryCodec() {}

  /** The stored form of {@code json}. */
  static byte[] pack(String json) {
    byte[] in = json.getBytes(StandardCharsets.UTF_8);
    Deflater deflater = DEFLATERS.get();
    deflater.reset();
    deflater.setDictionary(DICTIONARY);
    deflater.setInput(in);
    deflater.finish();
    byte[] out = new byte[in.length / 2 + 64];
    out[0] = VERSION;
    int n = 1;
    while (!deflater.finished()) {
      if (n == out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      n += deflater.deflate(out, n, out.length - n);
    }
    return Arrays.copyOf(out, n);
  }

  /** The JSON of a stored entry; null for null, and for what {@link #pack} did not make (or larger than allowed). */
  static String unpack(byte[] entry) {
    if (entry == null || entry.length < 2 || entry[0] != VERSION) {
      return null;
    }
    Inflater inflater = INFLATERS.get();
    inflater.reset();
    inflater.setDictionary(DICTIONARY);
    inflater.setInput(entry, 1, entry.length - 1);
    byte[] out = new byte[Math.min(MAX_JSON, entry.length * 4 + 64)];
    int n = 0;
    try {
      while (!inflater.finished()) {
        if (n == out.length) {
          if (out.length >= MAX_JSON) {
            return null;
          }
          out = Arrays.copyOf(out, Math.min(MAX_JSON, out.length * 2));
        }
        int more = inflater.inflate(out, n, out.length - n);
        if (more == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          return null; // truncated
        }
        n += more;
      }
    } catch (DataFormatException e) {
      return null;
    }
    return inflater.getRemaining() == 0 ? new String(out, 0, n, StandardCharsets.UTF_8) : null;
  }
}
