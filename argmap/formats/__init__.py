"""argmap.formats"""
