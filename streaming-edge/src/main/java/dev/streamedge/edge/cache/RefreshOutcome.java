package dev.streamedge.edge.cache;

import dev.streamedge.edge.http.HttpFields;
import java.util.Objects;

/** The result of applying an origin's 304 to a stored response (RFC 9111 §4.3.3–4.3.4). */
public sealed interface RefreshOutcome {
  /** Replace the stored metadata with {@code response} (same body); serve it. */
  record Refreshed(StoredResponse response) implements RefreshOutcome {
    public Refreshed {
      Objects.requireNonNull(response, "response");
    }
  }

  /**
   * The 304's validators do not identify the stored response (e.g. a different strong ETag):
   * do not use it; refetch without conditions.
   */
  record Mismatch() implements RefreshOutcome {}

  /**
   * The updated headers forbid storing (e.g. now {@code no-store}): serve the stored body once with
   * {@code mergedHeaders}, then remove the entry.
   */
  record NoLongerStorable(StorageDecision.NotStorable reason, HttpFields mergedHeaders) implements RefreshOutcome {
    public NoLongerStorable {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(mergedHeaders, "mergedHeaders");
    }
  }
}
