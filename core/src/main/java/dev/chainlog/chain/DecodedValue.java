package dev.chainlog.chain;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** Every field of a stored value, decoded and type-checked. {@code payload} is a private copy of the caller's. */
public record DecodedValue(long seq, String prev, long ts, String kind, String source, String reqId, String uuid,
                           Map<String, String> meta, ObjectNode payload) {
}
