package nl.barriere.json;

/** A JSON record that does not fit its schema; {@link #path()} says which field, as a JSON path. */
public final class JsonFormatException extends IllegalArgumentException {

    private final String path;

    public JsonFormatException(final String path, final String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
