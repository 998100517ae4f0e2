// Validates an OpenAPI document against the OpenAPI 3.x schema and resolves every $ref.
// Usage: node validate.mjs FILE  ->  prints "valid" or the error, exits 0 / 1.
import SwaggerParser from "@apidevtools/swagger-parser";

try {
    const api = await SwaggerParser.validate(process.argv[2]);
    console.log(`valid ${api.openapi} ${Object.keys(api.paths).length} paths`);
} catch (e) {
    console.log(`invalid: ${e.message}`);
    process.exit(1);
}
