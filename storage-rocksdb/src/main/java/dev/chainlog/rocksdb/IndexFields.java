package dev.chainlog.rocksdb;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.chainlog.chain.Json;

import java.io.IOException;

/**
 * The index keys of a stored value ({@code uuid}, {@code reqId}, {@code source}), read with a streaming parser
 * that stops at {@code uuid}.
 *
 * <p>Why this is cheap: the stored value's field order is fixed (core's {@code EntryCodec}: seq, prev, ts, kind,
 * source, reqId, uuid, meta, payload), so everything the indexes need comes before {@code meta} and
 * {@code payload}, which are never tokenized. Retention runs this over every pruned entry.
 *
 * @param uuid      null when the value is unreadable (its index entries cannot be found; verify reports it)
 * @param requestId null when absent
 * @param source    null when absent
 */
record IndexFields(String uuid, String requestId, String source) {

    static IndexFields of(byte[] value) {
        String uuid = null;
        String reqId = null;
        String source = null;
        try (JsonParser p = Json.FACTORY.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new IndexFields(null, null, null);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "source" -> source = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "reqId" -> reqId = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "uuid" -> {
                        uuid = t == JsonToken.VALUE_STRING ? p.getText() : null;
                        return new IndexFields(uuid, reqId, source); // source and reqId come before uuid
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            // Unreadable (damaged) value: fall through with what was found.
        }
        return new IndexFields(uuid, reqId, source);
    }
}
