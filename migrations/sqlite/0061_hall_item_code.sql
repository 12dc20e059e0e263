-- Issue 21 part A (HALL-QUEUE): a ticket taken for an item keeps the item's code, with which
-- calling the number opens the online services' walk-in registration prefilled
-- (/office/services/walk-in?item=CODE).
ALTER TABLE hall_tickets ADD COLUMN item_code TEXT;
