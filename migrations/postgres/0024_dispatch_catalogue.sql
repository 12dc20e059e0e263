-- Issue 14 item 9 (HL-DISPATCH): the hotline's dispatch catalogue (派单目录): for each unit the
-- words of the matters it is competent for (商铺, 饭店, 物业 …), kept by the hotline's
-- supervisors; an appeal whose content or place holds one suggests that unit as the lead.
CREATE TABLE hotline_dispatch_catalogue (
    unit_id BIGINT PRIMARY KEY REFERENCES units(id),
    keywords TEXT NOT NULL,
    updated_by BIGINT REFERENCES users(id),
    updated_at BIGINT NOT NULL
);
