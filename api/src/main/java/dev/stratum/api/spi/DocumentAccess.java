package dev.stratum.api.spi;

import dev.stratum.api.DataAccessException;
import dev.stratum.api.EntityMapper;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Document-level access to a repository, for tools that must write data exactly as it was — backup
 * restore and cross-store copy. The public {@link dev.stratum.api.Repository#saveAll} applies the
 * {@link dev.stratum.api.Version} rules (a new entity becomes version 1, an existing one is replaced
 * only at its stored version and gets version + 1) and stamps {@link dev.stratum.api.UpdatedAt}; a
 * restore must instead keep the archived version and time stamps verbatim.
 *
 * <p>Every repository built on {@link AbstractRepository} has it; decorators forward {@code unwrap},
 * so it is reached through any stack (and bypasses the decorators: clear caches after a restore).
 *
 * <pre>{@code
 * DocumentAccess access = repository.unwrap(DocumentAccess.class);
 * Map<String, Object> doc = access.mapper().toDocument(task);       // the neutral document, version as is
 * List<DataAccessException> errors = access.writeVerbatim(List.of(doc));   // null entry: written
 * }</pre>
 */
public interface DocumentAccess {

    /** The mapper this repository converts entities with (the neutral document form). */
    EntityMapper mapper();

    /**
     * Upserts complete neutral documents exactly as given: no version check or increment, no time
     * stamps, no id assignment. Each document must hold its id under the id property and is checked
     * like any write (id, map keys, size). Documents succeed or fail independently, in store-native
     * batches.
     *
     * @return parallel to {@code documents}: null where the document was written, else why not
     */
    List<@Nullable DataAccessException> writeVerbatim(List<Map<String, Object>> documents);
}
