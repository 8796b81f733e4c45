-- Coded facts each call could not classify, by resource type and code system (never codes or text):
-- "Condition|http://hospital.example/diagnoses|3 Device|(text only)|1". Null when there were none.
ALTER TABLE audit_call ADD COLUMN unclassified_codes VARCHAR(1000);
