package dev.stratum.api.spi.internal;

import dev.stratum.api.internal.QueryPreparer;
import com.fasterxml.jackson.databind.JavaType;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.MappingException;
import dev.stratum.api.Update;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Validates an {@link Update} against the entity before any I/O and converts its values to neutral
 * values: known paths only, no managed field (id, version, audit), values of the field's type,
 * {@code inc} on numbers only, {@code push} on lists only, no {@code unset} of primitives.
 */
public final class UpdatePreparer {
    private final EntityMetadata<?> meta;
    private final EntityMapper mapper;
    private final QueryPreparer values;

    public UpdatePreparer(EntityMetadata<?> meta, EntityMapper mapper, QueryPreparer values) {
        this.meta = meta;
        this.mapper = mapper;
        this.values = values;
    }

    /** The update with neutral values. @throws InvalidQueryException naming the bad path or value */
    public Update prepare(@Nullable Update update) {
        if (update == null || update.operations().isEmpty()) {
            throw new InvalidQueryException("empty update of " + meta.type().getName());
        }
        List<Update.Operation> out = new ArrayList<>();
        for (Update.Operation op : update.operations()) {
            String path = op.path();
            String root = path.contains(".") ? path.substring(0, path.indexOf('.')) : path;
            if (root.equals(meta.idProperty()) || meta.versionProperty().map(root::equals).orElse(false)
                    || meta.createdAtProperty().map(root::equals).orElse(false) || meta.updatedAtProperty().map(root::equals).orElse(false)) {
                throw new InvalidQueryException("update of '" + path + "' of " + meta.type().getName()
                        + ": the id, @Version, @CreatedAt and @UpdatedAt fields are maintained by the repository");
            }
            JavaType type = meta.validatePath(path);
            out.add(new Update.Operation(op.kind(), path, neutral(op, type)));
        }
        return rebuild(out);
    }

    private @Nullable Object neutral(Update.Operation op, JavaType type) {
        String field = op.path();
        Class<?> raw = type.getRawClass();
        switch (op.kind()) {
            case UNSET:
                if (raw.isPrimitive()) {
                    throw new InvalidQueryException("cannot unset '" + field + "' of " + meta.type().getName() + ": it is a primitive "
                            + raw.getSimpleName() + " and would read back as its default; set it instead");
                }
                return null;
            case INC:
                boolean numeric = raw == int.class || raw == long.class || raw == double.class || raw == Integer.class || raw == Long.class
                        || raw == Double.class || raw == Object.class;
                if (!numeric) {
                    throw new InvalidQueryException("cannot inc '" + field + "' of " + meta.type().getName() + ": it holds "
                            + raw.getSimpleName() + " values, not int, long or double");
                }
                Object n = op.value();
                boolean integral = n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
                if (n == null || !(integral || n instanceof Double || n instanceof Float)) {
                    throw new InvalidQueryException("inc of '" + field + "' by a " + (n == null ? "null" : n.getClass().getSimpleName())
                            + ": use an int, long or double");
                }
                if ((raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) && !integral) {
                    throw new InvalidQueryException("inc of the integral field '" + field + "' of " + meta.type().getName()
                            + " by a fraction (" + n.getClass().getSimpleName() + ")");
                }
                return mapper.toValue(n);
            case PUSH:
                if (!(type.isCollectionLikeType() || raw == Object.class) || raw == byte[].class) {
                    throw new InvalidQueryException("cannot push to '" + field + "' of " + meta.type().getName() + ": it is not a list but "
                            + raw.getSimpleName());
                }
                JavaType element = type.getContentType() == null ? type : type.getContentType();
                return checked(field, element, op.value(), false);
            default:
                return checked(field, type, op.value(), true);
        }
    }

    /** The neutral value, refused unless the field's type can hold it. */
    private @Nullable Object checked(String field, JavaType type, @Nullable Object value, boolean nullable) {
        if (value == null) {
            if (!nullable) {
                throw new InvalidQueryException("null value for '" + field + "' of " + meta.type().getName());
            }
            if (type.isPrimitive()) {
                throw new InvalidQueryException("cannot set the primitive '" + field + "' of " + meta.type().getName() + " to null");
            }
            return null;
        }
        Object neutral = Objects.requireNonNull(values.value(field, type, value, nullable), "a non-null value stays non-null");
        if (neutral instanceof BigDecimal || type.getRawClass() == Object.class) {
            return neutral;
        }
        try {
            mapper.fromValue(neutral, type); // lists, nested objects, maps: Jackson says whether they fit
        } catch (MappingException e) {
            throw new InvalidQueryException("'" + field + "' of " + meta.type().getName() + " holds " + type.toCanonical()
                    + " values; the update sets a " + value.getClass().getSimpleName(), e);
        }
        return neutral;
    }

    private static Update rebuild(List<Update.Operation> ops) {
        Update u = null;
        for (Update.Operation o : ops) {
            u = switch (o.kind()) {
                case SET -> u == null ? Update.set(o.path(), o.value()) : u.andSet(o.path(), o.value());
                case INC -> u == null ? Update.increment(o.path(), (Number) present(o)) : u.inc(o.path(), (Number) present(o));
                case PUSH -> u == null ? Update.pushing(o.path(), present(o)) : u.push(o.path(), present(o));
                case UNSET -> u == null ? Update.unsetting(o.path()) : u.unset(o.path());
            };
        }
        return Objects.requireNonNull(u, "an update has at least one operation");
    }

    /** The value of a prepared inc or push, which {@link #neutral} has refused to be null. */
    private static Object present(Update.Operation o) {
        return Objects.requireNonNull(o.value(), "inc/push value");
    }
}
