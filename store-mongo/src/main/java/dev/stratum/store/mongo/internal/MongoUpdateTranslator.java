package dev.stratum.store.mongo.internal;

import dev.stratum.api.Update;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonString;

/**
 * A prepared {@link Update} as a MongoDB update document: {@code $set}, {@code $inc}, {@code $push},
 * {@code $unset}. The version's {@code inc} and the {@code @UpdatedAt} {@code set} are already in the
 * update (the repository adds them), so one {@code findOneAndUpdate}/{@code updateMany} is the whole
 * change, atomic per document on the server.
 */
final class MongoUpdateTranslator {
    private MongoUpdateTranslator() {}

    static BsonDocument translate(Update update) {
        return translate(update, Set.of());
    }

    /** As {@link #translate(Update)}, with {@code set(f, null)} on a field of {@code omittedWhenNull} turned into an unset. */
    static BsonDocument translate(Update update, Set<String> omittedWhenNull) {
        BsonDocument set = new BsonDocument();
        BsonDocument inc = new BsonDocument();
        BsonDocument push = new BsonDocument();
        BsonDocument unset = new BsonDocument();
        for (Update.Operation op : update.operations()) {
            switch (op.kind()) {
                case SET -> {
                    if (op.value() == null && omittedWhenNull.contains(op.path())) {
                        unset.append(op.path(), new BsonString(""));
                    } else {
                        set.append(op.path(), MongoValues.toBson(op.value()));
                    }
                }
                case INC -> inc.append(op.path(), MongoValues.toBson(op.value()));
                case PUSH -> push.append(op.path(), MongoValues.toBson(op.value()));
                case UNSET -> unset.append(op.path(), new BsonString(""));
            }
        }
        BsonDocument out = new BsonDocument();
        if (!set.isEmpty()) {
            out.append("$set", set);
        }
        if (!inc.isEmpty()) {
            out.append("$inc", inc);
        }
        if (!push.isEmpty()) {
            out.append("$push", push);
        }
        if (!unset.isEmpty()) {
            out.append("$unset", unset);
        }
        return out;
    }
}
