-- EVAL-ALL (issue 10; 000 §中心-38 咨询预约、申请受理、审查决定、结果送达等全流程监督评价): a
-- rating may be of one stage of its subject — consultation/appointment, acceptance, decision
-- or delivery — or of the whole subject ('whole', the default, as every earlier rating is).
-- One rating per subject, channel, round and stage.
ALTER TABLE evaluations ADD COLUMN stage TEXT NOT NULL DEFAULT 'whole'
    CHECK (stage IN ('whole', 'consultation', 'acceptance', 'decision', 'delivery'));
DROP INDEX evaluations_once;
CREATE UNIQUE INDEX evaluations_once ON evaluations(subject_type, subject_id, channel, round, stage);
CREATE INDEX evaluations_stage_period ON evaluations(stage, created_at);
