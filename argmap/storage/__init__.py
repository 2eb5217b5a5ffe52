"""argmap.storage"""
