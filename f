one



three

