package nl.barriere.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/**
 * The pages' templates ({@code src/main/jte}), compiled to Java classes at build time by the jte plugin, with HTML
 * output: every {@code ${...}} is escaped for where it stands (text, attribute), so a template cannot forget to.
 * Nothing is compiled at run time.
 */
final class Templates {

    private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(null, ContentType.Html,
            Templates.class.getClassLoader(), Templates.class.getPackageName());

    private Templates() {}

    /** The template {@code name}.jte with its parameters, as HTML. */
    static String render(final String name, final Map<String, Object> parameters) {
        final StringOutput out = new StringOutput(4096);
        ENGINE.render(name + ".jte", parameters, out);
        return out.toString();
    }
}
