package io.fasterapi.pg.client;

import io.fasterapi.pg.protocol.PgColumns;
import io.fasterapi.pg.protocol.PgParamEncoder;
import io.fasterapi.pg.protocol.PgTypes;

/**
 * A statement prepared on one connection: its server-side name, the parameter types the server inferred
 * (ParameterDescription), and its columns with the result formats chosen for them (binary where a codec
 * exists, text otherwise). The codecs are chosen once here, not per execution. Loop thread only.
 */
final class PgStatement {
    final String name;
    final String sql;
    int[] parameterTypes = new int[0];
    short[] parameterFormats = new short[0];
    PgColumns columns = PgColumns.none();
    short[] resultFormats = new short[0];
    /** Parse and Describe answered: the statement can be bound. */
    boolean ready;

    PgStatement(String name, String sql) {
        this.name = name;
        this.sql = sql;
    }

    void parameters(int[] types) {
        parameterTypes = types;
        parameterFormats = new short[types.length];
        for (int i = 0; i < types.length; i++) {
            parameterFormats[i] = PgParamEncoder.format(types[i]);
        }
    }

    void columns(PgColumns described) {
        resultFormats = new short[described.count()];
        for (int i = 0; i < resultFormats.length; i++) {
            resultFormats[i] = PgTypes.hasBinaryCodec(described.type(i)) ? PgParamEncoder.BINARY : PgParamEncoder.TEXT;
        }
        columns = described.withFormats(resultFormats);
    }
}
