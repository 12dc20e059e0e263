-- Issue 21 (HALL-STAFF, HALL-BOX, HALL-HARDCASE).
--
-- hall_staff_assessments.upheld: the supervision box's complaints about the window a member
-- sat at, upheld (an outcome of §35 other than 查无实据), taken into the member's periodic
-- and annual assessment with the other records' figures.
-- hall_hardcases.query_code_hash: the hashed query code a hard case's person uses to look up
-- where it stands (empty for the cases registered before the lookup existed: no lookup).

ALTER TABLE hall_staff_assessments ADD COLUMN upheld BIGINT NOT NULL DEFAULT 0;
ALTER TABLE hall_hardcases ADD COLUMN query_code_hash TEXT NOT NULL DEFAULT '';
