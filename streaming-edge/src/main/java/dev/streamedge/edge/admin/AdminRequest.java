package dev.streamedge.edge.admin;

/** A request to the admin API, body included (admin bodies are small and capped). */
public record AdminRequest(String method, String path, String rawQuery, byte[] body) {}
