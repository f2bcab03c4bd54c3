// kg's Neo4j schema, run by `kg load` before any data (each statement is idempotent).
// One statement per `;`. Labels here must match kg/neo4j/schema.py.

// Keys: every entity is (:Entity {id}) whatever its type; documents by id.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (d:Document) REQUIRE d.id IS UNIQUE;

// Lookups the cookbook and researchers make by name or code.
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
CREATE INDEX place_name IF NOT EXISTS FOR (n:Place) ON (n.name);
CREATE INDEX place_adcode IF NOT EXISTS FOR (n:Place) ON (n.adcode);
CREATE INDEX place_province IF NOT EXISTS FOR (n:Place) ON (n.province);
CREATE INDEX agency_name IF NOT EXISTS FOR (n:Agency) ON (n.name);
CREATE INDEX org_name IF NOT EXISTS FOR (n:Org) ON (n.name);
CREATE INDEX firm_name IF NOT EXISTS FOR (n:Firm) ON (n.name);
CREATE INDEX park_name IF NOT EXISTS FOR (n:Park) ON (n.name);
CREATE INDEX program_name IF NOT EXISTS FOR (n:Program) ON (n.name);
CREATE INDEX policy_name IF NOT EXISTS FOR (n:Policy) ON (n.name);
CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name);

// Aliases and names for substring search (CONTAINS) in Chinese text.
CREATE TEXT INDEX entity_aliases IF NOT EXISTS FOR (n:Entity) ON (n.aliases);
