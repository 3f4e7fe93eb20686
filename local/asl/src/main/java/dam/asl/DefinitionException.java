package dam.asl;

/** An invalid state machine definition, with the JSON pointer of the offending field (e.g. /States/Foo/Next). */
public class DefinitionException extends RuntimeException {
    private final String path;
    private final String code;

    public DefinitionException(String code, String path, String detail) {
        super("Invalid State Machine Definition: '" + code + ": " + detail + " at " + path + "'");
        this.code = code;
        this.path = path;
    }

    public String path() {
        return path;
    }

    public String code() {
        return code;
    }
}
